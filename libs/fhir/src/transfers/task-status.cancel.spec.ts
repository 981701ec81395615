import { cancelNeedsContestReason } from './task-status.rules';

describe('what a cancel needs', () => {
  it('asks a GP cancelling a task not yet taken on for a contest reason, as contesting does', () => {
    expect(cancelNeedsContestReason('requested', ['owner'])).toBe(true);
    expect(cancelNeedsContestReason('received', ['owner'])).toBe(true);
  });

  it('asks nothing of a GP cancelling a task they took on, nor of the hospital withdrawing its own', () => {
    for (const status of ['accepted', 'in-progress', 'on-hold'] as const) expect(cancelNeedsContestReason(status, ['owner'])).toBe(false);
    expect(cancelNeedsContestReason('requested', ['requester'])).toBe(false);
    // One caller acting for both sides (the same organisation) withdraws as the hospital.
    expect(cancelNeedsContestReason('requested', ['owner', 'requester'])).toBe(false);
  });
});
