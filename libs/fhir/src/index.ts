export * from './resource-types';
export * from './fhir-types';
export * from './identifiers';
export * from './validation';
export * from './transfers';
export * from './messaging/message-events';
export * from './code-systems/published-code-systems';
export * from './notifications/queue-names';
