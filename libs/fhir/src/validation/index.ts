export * from './validation-issue';
export { validateResource, isSupportedResourceType } from './resource-validator';
export type { ValidateResourceOptions } from './resource-validator';
export { VALIDATED_RESOURCE_TYPES } from './resource-schemas';
export type { ValidatedResourceType } from './resource-schemas';
