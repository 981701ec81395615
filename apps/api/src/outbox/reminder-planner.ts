import { OutboxTopic, Resource } from '@app/fhir';
import { OutboxRow } from './outbox-row';
import { NotificationDraft } from './notifications.channel';

/**
 * What the reminders queue carries: one generic job. Its `kind` names the planner that planned it (each
 * kind belongs to one planner); the rest is the planner's own (which due date or start it was planned for).
 */
export interface ReminderJob {
  kind: string;
  /** When it is due, as an ISO instant. */
  at: string;
  /**
   * The series it belongs to (the weekly overdue reminders of one due date). When a series' first reminder
   * is planned again, a later one owed meanwhile stays owed: it was planned as the earlier one fired.
   */
  series?: string;
}

/** One reminder to owe and queue: its job id (one per subject and reminder) and its job. */
export interface PlannedJob<J extends ReminderJob = ReminderJob> {
  jobId: string;
  job: J;
}

/** What a change of what reminders are about does to them: which jobs go, which are planned. */
export interface ReminderPlan<J extends ReminderJob = ReminderJob> {
  /** What they remind of (`Task/1`, `Appointment/2`): its owed reminders are exactly `planned` afterwards. */
  subject: string;
  /** Delayed jobs taken back from the queue (those planned again are replaced). */
  remove: string[];
  planned: Array<PlannedJob<J>>;
}

/** What a reminder does when it fires: whom it tells (nobody when no longer needed), and what comes next. */
export interface ReminderFiring<J extends ReminderJob = ReminderJob> {
  /** Each stored once per `key` and recipient, however often the job runs. */
  notifications: Array<{ key: string; draft: NotificationDraft }>;
  /** The next reminder of the same series (a weekly overdue one): owed and queued once this one is sent. */
  next?: PlannedJob<J>;
}

/**
 * A workflow's reminders: when to remind of one of its resources, and what to say. Planners register with
 * ReminderPlanners; the reminders channel (scheduler, processor) and the reconciler name none of them.
 */
export interface ReminderPlanner<J extends ReminderJob = ReminderJob> {
  /** What a short name in log lines calls them ("discharge task reminders"). */
  readonly name: string;
  /** The FHIR resource type it plans for. */
  readonly resourceType: string;
  /** The outbox topics whose events re-plan (resource.changed when absent). */
  readonly topics?: readonly OutboxTopic[];
  /** The kinds of reminder it plans: a job that fires goes back to the planner of its kind. */
  readonly kinds: readonly string[];
  /** Which events of its resource type re-plan (a Task of its kind whose status or due date changed, say); absent: all. */
  appliesTo?(event: OutboxRow): boolean;
  /** The reminders of a resource as it is now (undefined: deleted); undefined when the change leaves them as they are. */
  plan(id: string, resource: Resource | undefined, now: Date): ReminderPlan<J> | undefined;
  /** The job ids a resource's first reminders have, by kind (for operators and tests: which are waiting). */
  clocksOf(id: string): Array<{ kind: string; jobId: string }>;
  /** What a job reminds of (`Task/1`), read again when it fires. */
  subjectOf(job: J): string;
  jobIdOf(job: J): string;
  /** Whether it is still needed now, from the resource as it is (undefined: deleted), and whom it tells. */
  fire(job: J, resource: Resource | undefined, now: Date): ReminderFiring<J>;
}
