export * from './resource-types';
export * from './fhir-types';
export * from './identifiers';
export * from './validation';
