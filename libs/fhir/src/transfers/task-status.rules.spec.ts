import { nextStatusesFor, partiesAllowedToTransition, transitionsFrom } from './task-status.rules';

describe('the Task status table', () => {
  it('lets the owner work a task and the requester withdraw it', () => {
    expect(nextStatusesFor('requested', ['owner'])).toEqual(['received', 'accepted', 'rejected', 'cancelled']);
    expect(nextStatusesFor('requested', ['requester'])).toEqual(['cancelled', 'entered-in-error']);
    expect(nextStatusesFor('in-progress', ['owner'])).toEqual(['on-hold', 'completed', 'failed', 'cancelled']);
  });

  it('closes terminal statuses except for entered-in-error by the requester', () => {
    for (const terminal of ['rejected', 'cancelled', 'failed', 'completed'] as const) {
      expect(transitionsFrom(terminal)).toEqual([{ to: 'entered-in-error', by: ['requester'] }]);
    }
    expect(transitionsFrom('entered-in-error')).toEqual([]);
  });

  it('says who may make a transition, or that nobody may', () => {
    expect(partiesAllowedToTransition('on-hold', 'cancelled')).toEqual(['requester', 'owner']);
    expect(partiesAllowedToTransition('requested', 'completed')).toBeUndefined();
    expect(partiesAllowedToTransition('draft', 'requested')).toEqual(['requester']);
  });
});
