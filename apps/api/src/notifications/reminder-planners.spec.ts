import { NotificationKind, OutboxTopic, Resource, TaskKind, taskKindOf, withTaskKind } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/sql-client';
import { FhirService } from '../fhir/fhir.service';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { OutboxMatchingProcessor } from '../outbox/outbox-matching.processor';
import { OutboxRow } from '../outbox/outbox-row';
import { OwedWorkRegistry } from '../outbox/owed-work';
import { OwedChannels } from '../outbox/owed-channels';
import { ReminderFiring, ReminderJob, ReminderPlan, ReminderPlanner } from '../outbox/reminder-planner';
import { ReminderPlanners } from '../outbox/reminder-planners';
import { TaskRemindersPlanner } from '../transfers/task-reminders.planner';
import { LivePush } from './live-push';
import { NotificationStore } from './notification.store';
import { ReminderProcessor } from './reminder.processor';
import { ReminderScheduler } from './reminder.scheduler';

/** A second workflow's reminders, on the same resource type as the first: a referral Task's answer is due. */
interface ReferralReminderJob extends ReminderJob {
  taskId: string;
}

class ReferralRemindersPlanner implements ReminderPlanner<ReferralReminderJob> {
  readonly name = 'referral reminders';
  readonly resourceType = 'Task';
  readonly topics = [OutboxTopic.ResourceChanged];
  readonly kinds = ['referral-answer-due'];
  appliesTo(event: OutboxRow): boolean {
    return (event.payload.transition as { taskKind?: string } | undefined)?.taskKind === TaskKind.ReferralFulfilment;
  }
  plan(id: string, task: Resource | undefined): ReminderPlan<ReferralReminderJob> | undefined {
    if (!task || taskKindOf(task) !== TaskKind.ReferralFulfilment) return undefined;
    return { subject: `Task/${id}`, remove: [], planned: [{ jobId: `reminder-referral-${id}`, job: { kind: 'referral-answer-due', taskId: id, at: '2026-12-01T07:00:00.000Z' } }] };
  }
  clocksOf(id: string) {
    return [{ kind: 'referral-answer-due', jobId: `reminder-referral-${id}` }];
  }
  subjectOf(job: ReferralReminderJob): string {
    return `Task/${job.taskId}`;
  }
  jobIdOf(job: ReferralReminderJob): string {
    return `reminder-referral-${job.taskId}`;
  }
  fire(job: ReferralReminderJob, task: Resource | undefined): ReminderFiring<ReferralReminderJob> {
    if (!task || task.status !== 'requested') return { notifications: [] };
    return { notifications: [{ key: `referral-${job.taskId}`, draft: { recipient: 'Organization/unit', kind: NotificationKind.TaskDueSoon, title: 'Henvisning venter på svar' } }] };
  }
}

const config = { redisUrl: 'redis://127.0.0.1:1', redisPrefix: 'unit', reconcileAfterMs: 15_000 } as AppConfig;

/** Ten days ahead of the clock: both discharge reminders are still to come, on any day the test runs. */
const DUE_AHEAD = new Date(Date.now() + 10 * 24 * 3_600_000).toISOString().slice(0, 10);

function task(id: string, kind: TaskKind, due = DUE_AHEAD): Resource {
  return withTaskKind(
    { resourceType: 'Task', id, meta: { versionId: '1' }, status: 'requested', owner: { reference: 'PractitionerRole/gp' }, restriction: { period: { end: due } } } as Resource,
    kind,
  );
}

function transition(id: string, taskKind: TaskKind): OutboxRow {
  return { id, topic: OutboxTopic.ResourceChanged, resource_type: 'Task', resource_id: `t${id}`, version_id: 1, payload: { method: 'create', transition: { taskKind, from: null, to: 'requested' } }, created_at: new Date() };
}

describe('reminder planners', () => {
  const tasks = new Map<string, Resource>([
    ['t1', task('t1', TaskKind.DischargeFollowUp)],
    ['t2', task('t2', TaskKind.ReferralFulfilment)],
  ]);
  const fhir = {
    matchAmong: async (_type: string, _criteria: unknown, ids: string[]) => ids.flatMap((id) => (tasks.has(id) ? [tasks.get(id)!] : [])),
    readIfPresent: async (_type: string, id: string) => (tasks.has(id) ? { resource: tasks.get(id)! } : undefined),
  } as unknown as FhirService;
  let statements: Array<{ sql: string; params: unknown[] }>;
  let scheduler: ReminderScheduler;
  let planners: ReminderPlanners;
  let channels: OwedChannels;
  let outbox: OutboxHandlerRegistry;
  let discharge: TaskRemindersPlanner;
  let referral: ReferralRemindersPlanner;

  beforeEach(() => {
    statements = [];
    const database = { query: async (sql: string, params: unknown[] = []) => (statements.push({ sql, params }), { rows: [], rowCount: 0 }) } as unknown as Database;
    outbox = new OutboxHandlerRegistry();
    planners = new ReminderPlanners();
    channels = new OwedChannels();
    scheduler = new ReminderScheduler(database, config, new OwedWorkRegistry(), channels, planners, outbox, fhir);
    discharge = new TaskRemindersPlanner(planners);
    referral = new ReferralRemindersPlanner();
    // The first workflow registers before the reminders channel starts, the second after.
    discharge.onModuleInit();
    scheduler.onModuleInit();
    planners.register(referral);
  });

  afterEach(() => scheduler.onApplicationShutdown());

  it("plans a second workflow's reminders from its own events only, beside the first, in the batch's one statement", async () => {
    const applied: ReminderPlan[][] = [];
    jest.spyOn(scheduler, 'apply').mockImplementation(async (plans) => void applied.push(plans));
    const dischargePlan = jest.spyOn(discharge, 'plan');
    const matcher = new OutboxMatchingProcessor({ query: async (sql: string, params: unknown[]) => (statements.push({ sql, params }), { rows: [], rowCount: 0 }) } as unknown as Database, outbox, channels, config);

    await matcher.process([transition('2', TaskKind.ReferralFulfilment)]);

    expect(dischargePlan).not.toHaveBeenCalled();
    expect(applied).toEqual([[{ subject: 'Task/t2', remove: [], planned: [{ jobId: 'reminder-referral-t2', job: { kind: 'referral-answer-due', taskId: 't2', at: '2026-12-01T07:00:00.000Z' } }] }]]);
    expect(statements).toHaveLength(1);
    expect(statements[0].sql).toMatch(/planned_reminder AS \(\s*INSERT INTO owed_reminder.*done AS \(UPDATE outbox/s);
    expect(statements[0].params).toContainEqual(['reminder-referral-t2']);

    // The first planner goes on planning its own Tasks as before, and not the second's.
    applied.length = 0;
    await matcher.process([transition('1', TaskKind.DischargeFollowUp), transition('3', TaskKind.ReferralFulfilment)]);
    expect(applied[0].map((plan) => plan.subject)).toEqual(['Task/t1']);
    expect(applied[0][0].planned.map((p) => p.job.kind)).toEqual(['due-soon', 'overdue']);
  });

  it('sends a second workflow\'s reminder through the generic processor, by its kind, without asking the first planner', async () => {
    const stored: Array<{ key: string; resource: string; recipient: string }> = [];
    const store = {
      insertReminder: async (key: string, resource: string, draft: { recipient: string }) => (stored.push({ key, resource, recipient: draft.recipient }), { id: String(stored.length) }),
    } as unknown as NotificationStore;
    const pushed: unknown[] = [];
    const delivery = { push: async (notifications: unknown[]) => void pushed.push(...notifications) } as unknown as LivePush;
    const fired = jest.spyOn(scheduler, 'fired').mockResolvedValue();
    const dischargeFire = jest.spyOn(discharge, 'fire');
    const processor = new ReminderProcessor(fhir, store, scheduler, delivery, planners, config);

    const job: ReferralReminderJob = { kind: 'referral-answer-due', taskId: 't2', at: '2026-12-01T07:00:00.000Z' };
    await processor.remind(job);

    expect(stored).toEqual([{ key: 'referral-t2', resource: 'Task/t2', recipient: 'Organization/unit' }]);
    expect(pushed).toEqual([{ id: '1' }]);
    expect(fired).toHaveBeenCalledWith('reminder-referral-t2', job);
    expect(dischargeFire).not.toHaveBeenCalled();
  });

  it("keeps each kind of reminder to one planner, and finds a job's planner by its kind", () => {
    expect(() => planners.register(new ReferralRemindersPlanner())).toThrow('already belong to referral reminders');
    expect(planners.ofJob({ kind: 'referral-answer-due', at: '' })).toBe(referral);
    expect(planners.ofJob({ kind: 'due-soon', at: '' })).toBe(discharge);
    expect(planners.ofJob({ kind: 'no-such-reminder', at: '' })).toBeUndefined();
    expect(planners.ofResourceType('Task')).toEqual([discharge, referral]);
  });
});
