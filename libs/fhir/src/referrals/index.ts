export * from './referral-answer';
export * from './referral-rejection-reason';
export * from './triage-outcome';
export * from './referral-status.rules';
export * from './triage-status.rules';
export * from './routing-rules';
export * from './referral-extensions';
export * from './referral-fields';
