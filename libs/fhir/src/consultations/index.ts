export * from './consultation-service-type';
export * from './appointment-participant';
export * from './consultation-participant-role';
export * from './consultation-cancellation-reason';
export * from './consultation-outcome';
export * from './consultation-options';
export * from './appointment-status.rules';
export * from './appointment-answers';
