export * from './identifier-systems';
export * from './norwegian-person-number';
export * from './organization-number';
export * from './identifier-rules';
