export * from './resource-types';
export * from './fhir-types';
