import { OutboxTopic, Resource, TaskKind, withTaskKind } from '@app/fhir';
import { OutboxRow } from '../outbox/outbox-row';
import { ReminderPlanners } from '../outbox/reminder-planners';
import { ReferralRemindersPlanner } from '../referrals/referral-reminders.planner';
import { TaskRemindersPlanner } from '../transfers/task-reminders.planner';
import { MULTIDOSE_UPDATE_FACT } from './episode/multidose-update-event';
import { MultidoseRemindersPlanner } from './multidose-reminders.planner';
import { dueSoonAt, overdueAt } from './multidose-reminders';

const GP = 'PractitionerRole/gp';

function update(status: string, due: string, extra: Partial<Resource> = {}): Resource {
  return withTaskKind({ resourceType: 'Task', id: 'u1', meta: { versionId: '1' }, status, intent: 'order', owner: { reference: GP }, restriction: { period: { end: due } }, ...extra }, TaskKind.MultidoseUpdate);
}

function planner(): MultidoseRemindersPlanner {
  const planners = new ReminderPlanners();
  const ours = new MultidoseRemindersPlanner(planners);
  ours.onModuleInit();
  // The other workflows' planners beside it: the kinds must not clash.
  new TaskRemindersPlanner(planners).onModuleInit();
  new ReferralRemindersPlanner(planners).onModuleInit();
  return ours;
}

describe('multidose update reminders', () => {
  it('remind at 08:00 Oslo the working day before the due date and the first working day after it', () => {
    // Due Wednesday 2026-12-09 (winter time: 08:00 is 07:00 UTC).
    const plan = planner().plan('u1', update('requested', '2026-12-09'), new Date('2026-12-07T10:00:00Z'))!;
    expect(plan.subject).toBe('Task/u1');
    expect(plan.remove).toEqual([]);
    expect(plan.planned.map(({ jobId, job }) => [jobId, job.kind, job.at])).toEqual([
      ['reminder-multidose-u1-multidose-update-due-soon', 'multidose-update-due-soon', '2026-12-08T07:00:00.000Z'],
      ['reminder-multidose-u1-multidose-update-overdue', 'multidose-update-overdue', '2026-12-10T07:00:00.000Z'],
    ]);
  });

  it('skip weekends and holidays: due on a Monday reminds on Friday, due on a Friday before Christmas reminds after it', () => {
    expect(dueSoonAt('2026-12-14').toISOString()).toBe('2026-12-11T07:00:00.000Z');
    expect(overdueAt('2026-12-24').toISOString()).toBe('2026-12-28T07:00:00.000Z');
    // Summer time: 08:00 is 06:00 UTC; Maundy Thursday 2026-04-02 → Tuesday after Easter Monday.
    expect(overdueAt('2026-04-01').toISOString()).toBe('2026-04-07T06:00:00.000Z');
    expect(dueSoonAt('2026-04-07').toISOString()).toBe('2026-04-01T06:00:00.000Z');
  });

  it('plan only the overdue reminder once the due-soon morning has passed, and none once completed or cancelled', () => {
    const late = new Date('2026-12-08T09:00:00Z');
    expect(planner().plan('u1', update('requested', '2026-12-09'), late)!.planned.map(({ job }) => job.kind)).toEqual(['multidose-update-overdue']);
    for (const status of ['completed', 'cancelled']) {
      const plan = planner().plan('u1', update(status, '2026-12-09', { meta: { versionId: '3' } }), late)!;
      expect(plan.planned).toEqual([]);
      expect(plan.remove).toEqual(['reminder-multidose-u1-multidose-update-due-soon', 'reminder-multidose-u1-multidose-update-overdue']);
    }
  });

  it('tell the owner when a reminder fires while the update is open, and no one once the list came', () => {
    const ours = planner();
    const [soon, overdue] = ours.plan('u1', update('requested', '2026-12-09'), new Date('2026-12-07T10:00:00Z'))!.planned.map(({ job }) => job);
    expect(ours.fire(soon, update('requested', '2026-12-09'), new Date(soon.at)).notifications).toEqual([
      {
        key: 'multidose-u1-multidose-update-due-soon-2026-12-09',
        draft: { recipient: GP, kind: 'multidose-update-deadline', title: 'Multidose: frist neste arbeidsdag for oppdatert legemiddelliste', body: 'Send oppdatert legemiddelliste (M25.1) innen 09.12.2026.' },
      },
    ]);
    expect(ours.fire(overdue, update('accepted', '2026-12-09'), new Date(overdue.at)).notifications).toEqual([
      expect.objectContaining({ draft: expect.objectContaining({ recipient: GP, title: 'Multidose: frist passert for oppdatert legemiddelliste' }) }),
    ]);
    expect(ours.fire(overdue, update('completed', '2026-12-09'), new Date(overdue.at)).notifications).toEqual([]);
    expect(ours.fire(overdue, update('requested', '2026-12-11'), new Date(overdue.at)).notifications).toEqual([]);
    expect(ours.fire(overdue, undefined, new Date(overdue.at)).notifications).toEqual([]);
  });

  it("plan nothing for another workflow's Task, and re-plan only on the update Task's events", () => {
    const discharge = { ...update('requested', '2026-12-09'), code: undefined };
    expect(planner().plan('d1', discharge, new Date())).toBeUndefined();
    const event = (payload: Record<string, unknown>): OutboxRow => ({ id: '1', topic: OutboxTopic.ResourceChanged, resource_type: 'Task', resource_id: 'u1', version_id: 1, payload, created_at: new Date() });
    expect(planner().appliesTo(event({ method: 'create', [MULTIDOSE_UPDATE_FACT]: { taskId: 'u1' } }))).toBe(true);
    expect(planner().appliesTo(event({ method: 'create', transition: { taskKind: TaskKind.DischargeFollowUp } }))).toBe(false);
    expect(planner().appliesTo(event({ method: 'create', referral: { taskKind: TaskKind.ReferralFulfilment } }))).toBe(false);
  });
});
