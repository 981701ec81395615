export * from './task-category';
export * from './contest-reason';
export * from './task-status.rules';
export * from './task-extensions';
export * from './information-request';
export * from './handover-task-standing';
