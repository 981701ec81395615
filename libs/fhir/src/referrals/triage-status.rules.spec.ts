import { TRIAGE_TRANSITIONS, triageTransition, triageTransitionsFrom } from './triage-status.rules';

describe('low-threshold triage moves', () => {
  it('lets the service claim a queued case and the claimant release or close it', () => {
    expect(triageTransition('requested', 'in-progress')?.by).toEqual(['service']);
    expect(triageTransition('in-progress', 'requested')?.by).toEqual(['claimant']);
    expect(triageTransition('in-progress', 'completed')).toMatchObject({ by: ['claimant'], needs: 'outcome' });
  });

  it('closes a case only from in progress: nobody completes what nobody claimed', () => {
    expect(triageTransition('requested', 'completed')).toBeUndefined();
    expect(triageTransitionsFrom('requested').map((move) => move.to).sort()).toEqual(['cancelled', 'entered-in-error', 'in-progress']);
  });

  it('leaves cancelling and errors to Bro, and nothing after a closed case', () => {
    expect(triageTransition('in-progress', 'cancelled')?.by).toEqual(['bro']);
    expect(triageTransitionsFrom('completed').map((move) => move.to)).toEqual(['entered-in-error']);
    expect(TRIAGE_TRANSITIONS.filter((move) => move.by.includes('bro')).map((move) => move.to).sort()).toEqual(['cancelled', 'entered-in-error']);
  });
});
