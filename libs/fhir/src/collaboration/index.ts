export * from './directory-fields';
export * from './opening-hours';
export * from './revolving-door';
export * from './registry-entries';
