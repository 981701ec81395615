import { HANDOVER_TASK_STANDINGS, handoverTaskStanding, isUnassignedTask } from './handover-task-standing';
import { TASK_STATUSES } from './task-status.rules';

describe("a hand-over task's column in the coordinator's list", () => {
  it('puts every status, owned or not, in exactly one column', () => {
    for (const status of TASK_STATUSES) {
      for (const owned of [true, false]) expect(HANDOVER_TASK_STANDINGS).toContain(handoverTaskStanding(status, owned));
    }
  });

  it('says "no GP" for an open task nobody owns, and never "with the GP" for a contested one', () => {
    expect(handoverTaskStanding('requested', false)).toBe('noGp');
    expect(handoverTaskStanding('requested', true)).toBe('withGp');
    expect(handoverTaskStanding('received', true)).toBe('withGp');
    expect(['accepted', 'in-progress', 'on-hold'].map((status) => handoverTaskStanding(status, true))).toEqual(['accepted', 'accepted', 'accepted']);
    expect(handoverTaskStanding('rejected', true)).toBe('contested');
    expect(handoverTaskStanding('completed', true)).toBe('completed');
    expect(['cancelled', 'failed', 'entered-in-error'].map((status) => handoverTaskStanding(status, false))).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('finds the unassigned queue\'s tasks: not final, no owner', () => {
    expect(isUnassignedTask({ status: 'requested' })).toBe(true);
    expect(isUnassignedTask({ status: 'requested', owner: { reference: 'PractitionerRole/1' } })).toBe(false);
    expect(isUnassignedTask({ status: 'cancelled' })).toBe(false);
  });
});
