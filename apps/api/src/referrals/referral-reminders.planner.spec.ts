import { OutboxTopic, ReminderKind, Resource, TaskKind, withTaskKind } from '@app/fhir';
import { OutboxRow } from '../outbox/outbox-row';
import { ReminderPlanners } from '../outbox/reminder-planners';
import { TaskRemindersPlanner } from '../transfers/task-reminders.planner';
import { REFERRAL_CHANGE_FACT } from './referral-event';
import { ReferralRemindersPlanner } from './referral-reminders.planner';
import { deadlinePassed, inOslo, nextWorkingDay, overdueReminderAt, previousWorkingDay } from './referral-reminders';

const UNIT = 'Organization/psychiatry';
const SERVICE = 'HealthcareService/lavterskel';

function referral(status: string, deadline: string, extra: Partial<Resource> = {}): Resource {
  return withTaskKind({ resourceType: 'Task', id: 'r1', meta: { versionId: '2' }, status, intent: 'order', owner: { reference: UNIT }, restriction: { period: { start: '2026-03-20', end: deadline } }, ...extra }, TaskKind.ReferralFulfilment);
}

function triage(status: string, deadline: string, extra: Partial<Resource> = {}): Resource {
  return withTaskKind({ resourceType: 'Task', id: 't1', meta: { versionId: '1' }, status, intent: 'order', owner: { reference: SERVICE }, restriction: { period: { end: deadline } }, ...extra }, TaskKind.LowThresholdTriage);
}

function planner(): ReferralRemindersPlanner {
  const planners = new ReminderPlanners();
  const ours = new ReferralRemindersPlanner(planners);
  ours.onModuleInit();
  // The discharge planner beside it: the kinds must not clash.
  new TaskRemindersPlanner(planners).onModuleInit();
  return ours;
}

describe('the Oslo deadline calendar of referral reminders', () => {
  it('counts a deadline day as passed from midnight in Oslo, summer and winter alike', () => {
    expect(deadlinePassed('2026-03-27', new Date('2026-03-27T22:59:59Z'))).toBe(false);
    expect(deadlinePassed('2026-03-27', new Date('2026-03-27T23:00:00Z'))).toBe(true);
    expect(deadlinePassed('2026-07-01', new Date('2026-07-01T21:59:59Z'))).toBe(false);
    expect(deadlinePassed('2026-07-01', new Date('2026-07-01T22:00:00Z'))).toBe(true);
  });

  it('reminds the first working morning after the deadline: over a weekend, Easter and Christmas', () => {
    // Friday → Monday (winter time, 08:00 is 07:00 UTC).
    expect(overdueReminderAt('2026-01-09').toISOString()).toBe('2026-01-12T07:00:00.000Z');
    // Maundy Thursday 2026-04-02 → Tuesday after Easter Monday (summer time).
    expect(nextWorkingDay('2026-04-01')).toBe('2026-04-07');
    expect(overdueReminderAt('2026-04-01').toISOString()).toBe('2026-04-07T06:00:00.000Z');
    // Christmas: 23 December → 24 December (not a public holiday) ; 24 December → 28 December.
    expect(nextWorkingDay('2026-12-23')).toBe('2026-12-24');
    expect(nextWorkingDay('2026-12-24')).toBe('2026-12-28');
    // The working day before 18 May 2026 (Monday; 17 May is a Sunday) is Friday 15 May; before Whit Monday's Tuesday, the Friday.
    expect(previousWorkingDay('2026-05-18')).toBe('2026-05-15');
    expect(previousWorkingDay('2026-05-26')).toBe('2026-05-22');
    expect(inOslo('2026-05-15').toISOString()).toBe('2026-05-15T06:00:00.000Z');
  });
});

describe('referral and low-threshold reminders', () => {
  const before = new Date('2026-03-25T12:00:00Z');

  it("plan an unanswered referral's overdue reminder for its hospital unit, and none once answered", () => {
    const plan = planner().plan('r1', referral('received', '2026-04-01'), before)!;
    expect(plan.subject).toBe('Task/r1');
    expect(plan.remove).toEqual(['reminder-referral-r1-referral-assessment-overdue', 'reminder-referral-r1-lowthreshold-due-soon', 'reminder-referral-r1-lowthreshold-overdue']);
    expect(plan.planned).toEqual([
      { jobId: 'reminder-referral-r1-referral-assessment-overdue', job: { kind: ReminderKind.ReferralAssessmentOverdue, taskId: 'r1', deadline: '2026-04-01', at: '2026-04-07T06:00:00.000Z' } },
    ]);
    for (const status of ['accepted', 'rejected', 'completed', 'cancelled']) expect(planner().plan('r1', referral(status, '2026-04-01'), before)!.planned).toEqual([]);
  });

  it("plan an open case's reminders for its service: the working day before the deadline and after it", () => {
    const plan = planner().plan('t1', triage('requested', '2026-04-07'), before)!;
    // A first version has had nothing planned.
    expect(plan.remove).toEqual([]);
    expect(plan.planned.map((planned) => [planned.job.kind, planned.job.at])).toEqual([
      ['lowthreshold-due-soon', '2026-04-01T06:00:00.000Z'],
      ['lowthreshold-overdue', '2026-04-08T06:00:00.000Z'],
    ]);
    // Past the day before: only the overdue one.
    expect(planner().plan('t1', triage('in-progress', '2026-04-07'), new Date('2026-04-02T08:00:00Z'))!.planned.map((planned) => planned.job.kind)).toEqual(['lowthreshold-overdue']);
    expect(planner().plan('t1', triage('completed', '2026-04-07'), before)!.planned).toEqual([]);
  });

  it('fire only while still owed: same deadline, still waiting, and for "overdue" once the deadline has passed', () => {
    const ours = planner();
    const [overdue] = ours.plan('r1', referral('requested', '2026-04-01'), before)!.planned;
    const at = new Date(overdue.job.at);
    const fired = ours.fire(overdue.job, referral('requested', '2026-04-01', { priority: 'urgent' }), at);
    expect(fired.notifications).toEqual([
      {
        key: 'referral-r1-referral-assessment-overdue-2026-04-01',
        draft: { recipient: UNIT, kind: 'referral-overdue', title: 'Vurderingsfrist passert – henvisning uten svar (haster)', body: 'Fristen for å vurdere henvisningen var 01.04.2026.' },
      },
    ]);
    expect(ours.fire(overdue.job, referral('accepted', '2026-04-01'), at).notifications).toEqual([]);
    expect(ours.fire(overdue.job, referral('requested', '2026-04-03'), at).notifications).toEqual([]);
    expect(ours.fire(overdue.job, undefined, at).notifications).toEqual([]);
    // A job whose clock ran early (a reconciler replaying it) says nothing before the deadline has passed.
    expect(ours.fire(overdue.job, referral('requested', '2026-04-01'), new Date('2026-04-01T12:00:00Z')).notifications).toEqual([]);

    const [dueSoon, triageOverdue] = ours.plan('t1', triage('requested', '2026-04-07'), before)!.planned;
    expect(ours.fire(dueSoon.job, triage('in-progress', '2026-04-07'), new Date(dueSoon.job.at)).notifications.map((n) => [n.draft.recipient, n.draft.title, n.draft.body])).toEqual([
      [SERVICE, 'Frist neste arbeidsdag – sak i lavterskeltilbudet', 'Fristen for vurdering er 07.04.2026.'],
    ]);
    expect(ours.fire(triageOverdue.job, triage('requested', '2026-04-07'), new Date(triageOverdue.job.at)).notifications.map((n) => n.draft.title)).toEqual(['Frist passert – sak i lavterskeltilbudet']);
    expect(ours.fire(triageOverdue.job, triage('completed', '2026-04-07'), new Date(triageOverdue.job.at)).notifications).toEqual([]);
    // A referral's job does not fire on a triage Task, nor the other way round.
    expect(ours.fire({ ...overdue.job, taskId: 't1' }, triage('requested', '2026-04-01'), at).notifications).toEqual([]);
  });

  it("leave other workflows' Tasks and events alone", () => {
    const ours = planner();
    const discharge: Resource = withTaskKind({ resourceType: 'Task', id: 'd1', status: 'requested', intent: 'order', owner: { reference: 'PractitionerRole/gp' }, restriction: { period: { end: '2026-04-01' } } }, TaskKind.DischargeFollowUp);
    expect(ours.plan('d1', discharge, before)).toBeUndefined();
    expect(ours.plan('d2', { ...discharge, code: undefined }, before)).toBeUndefined();
    const event = (payload: Record<string, unknown>): OutboxRow => ({ id: '1', topic: OutboxTopic.ResourceChanged, resource_type: 'Task', resource_id: 'x', version_id: 1, payload, created_at: new Date() });
    expect(ours.appliesTo(event({ method: 'create', transition: { taskKind: TaskKind.DischargeFollowUp, from: null, to: 'requested' } }))).toBe(false);
    expect(ours.appliesTo(event({ method: 'create', [REFERRAL_CHANGE_FACT]: { taskKind: TaskKind.ReferralFulfilment, from: null, to: 'requested' } }))).toBe(true);
    // And the discharge planner takes none of ours.
    const discharges = new TaskRemindersPlanner(new ReminderPlanners());
    expect(discharges.appliesTo(event({ method: 'create', [REFERRAL_CHANGE_FACT]: { taskKind: TaskKind.ReferralFulfilment, from: null, to: 'requested' } }))).toBe(false);
    expect(discharges.plan('r1', referral('requested', '2026-04-01'), before)).toBeUndefined();
  });
});
