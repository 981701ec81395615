export * from './task-category';
export * from './contest-reason';
export * from './task-status.rules';
export * from './task-extensions';
