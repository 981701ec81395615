import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { QueueName, Resource } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { OneStatement } from '../database/one-statement';
import { Database, SqlClient } from '../database/sql-client';
import { OWED_PAGE, OwedWork } from '../outbox/owed-work';
import { OwedJob, ProducerQueues, Queue, requeueOwed } from '../queues/bullmq.adapter';
import { dueDateOf, ownerOf, taskStatusOf } from '../transfers/task-fields';
import { PlannedReminder, TaskReminderKind, plannedTaskReminders } from './task-reminders';
import { AppointmentReminderKind, plannedAppointmentReminders } from './appointment-reminders';

export interface TaskReminderJob {
  taskId: string;
  kind: TaskReminderKind;
  round: number;
  /** The due date the reminder was planned for: a reminder for an old due date is not sent. */
  due: string;
  at: string;
}

export interface AppointmentReminderJob {
  appointmentId: string;
  kind: AppointmentReminderKind;
  /** The start the reminder was planned for: a reminder for a moved consultation is not sent. */
  start: string;
  at: string;
}

/** What the reminders queue carries. */
export type ReminderJob = TaskReminderJob | AppointmentReminderJob;

export function isAppointmentReminder(job: ReminderJob): job is AppointmentReminderJob {
  return 'appointmentId' in job;
}

/** A key that exists while Redis still holds the reminders' delayed jobs: gone, Redis lost its data. */
const OWED_MARKER = 'owed-reminders-queued';

const TASK_REMINDER_KINDS: TaskReminderKind[] = ['due-soon', 'overdue'];
const APPOINTMENT_REMINDER_KINDS: AppointmentReminderKind[] = ['consultation-24h', 'consultation-1h'];

/** One job id per appointment and reminder: re-planning replaces it, cancelling the consultation removes it. */
export function appointmentReminderJobId(appointmentId: string, kind: AppointmentReminderKind): string {
  return `reminder-appointment-${appointmentId}-${kind}`;
}

/** One job id per task and reminder: re-planning replaces it, closing the task removes it. */
export function reminderJobId(taskId: string, kind: TaskReminderKind, round: number): string {
  return `reminder-task-${taskId}-${kind}-${round}`;
}

/** What a change of a task or consultation does to its reminders: which jobs go, which are planned. */
export interface ReminderPlan {
  /** What they remind of (`Task/1`, `Appointment/2`): its owed reminders are exactly `planned` afterwards. */
  subject: string;
  /** Delayed jobs taken back from the queue (those planned again are replaced). */
  remove: string[];
  planned: Array<{ jobId: string; job: ReminderJob }>;
}

/**
 * Keeps reminders in step with what they remind of. A task's: planned when it is handed over, moved
 * when its due date changes, removed when it is done. A joint consultation's: planned when it is
 * booked, moved with its start, removed when it is cancelled or deleted. Both are checked again when
 * they fire, so none is sent for something changed meanwhile.
 *
 * Each planned reminder is owed in PostgreSQL (`owed_reminder`, written in the transaction that
 * matched the change) until it has fired; a delayed job is only its alarm clock. One still owed a
 * while after its time (Redis lost the job) is queued again by the reconciler.
 */
@Injectable()
export class ReminderScheduler implements OnApplicationShutdown, OwedWork {
  readonly owedWhat = 'reminders';
  private readonly producer: ProducerQueues;
  private readonly queue: Queue<ReminderJob>;

  constructor(
    private readonly database: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.producer = new ProducerQueues(config);
    this.queue = this.producer.open<ReminderJob>(QueueName.Reminders);
  }

  onApplicationShutdown(): Promise<void> {
    return this.producer.close();
  }

  /** A task's reminders as the task is now. */
  planTask(task: Resource, now = new Date()): ReminderPlan {
    const id = task.id!;
    const due = dueDateOf(task)?.slice(0, 10);
    const planned = ownerOf(task) ? plannedTaskReminders(taskStatusOf(task), due, now) : [];
    return {
      subject: `Task/${id}`,
      // A task's first version has had no reminders planned yet: nothing to take back.
      remove: task.meta?.versionId !== '1' ? TASK_REMINDER_KINDS.map((kind) => reminderJobId(id, kind, 0)) : [],
      planned: planned.map((reminder) => ({ jobId: reminderJobId(id, reminder.kind, reminder.round), job: { taskId: id, kind: reminder.kind, round: reminder.round, due: due!, at: reminder.at.toISOString() } })),
    };
  }

  /** A consultation's reminders as it is now, or none once it is deleted (`appointment` undefined). */
  planAppointment(appointmentId: string, appointment: Resource | undefined, now = new Date()): ReminderPlan {
    const start = appointment?.start as string | undefined;
    const planned = appointment ? plannedAppointmentReminders(appointment.status as string | undefined, start, now) : [];
    return {
      subject: `Appointment/${appointmentId}`,
      remove: APPOINTMENT_REMINDER_KINDS.map((kind) => appointmentReminderJobId(appointmentId, kind)),
      planned: planned.map((reminder) => ({ jobId: appointmentReminderJobId(appointmentId, reminder.kind), job: { appointmentId, kind: reminder.kind, start: start!, at: reminder.at.toISOString() } })),
    };
  }

  /** Records the plans as what is owed, in one statement for all of them. */
  async record(client: SqlClient, plans: ReminderPlan[]): Promise<void> {
    const statement = new OneStatement();
    this.recordClause(statement, plans);
    if (!statement.empty) await client.query(statement.sql('SELECT 1'), statement.params);
  }

  /** The record as clauses of a larger statement: what is no longer planned goes, what is planned is owed. */
  recordClause(statement: OneStatement, plans: ReminderPlan[]): void {
    if (plans.length === 0) return;
    const planned = plans.flatMap((plan) => plan.planned.map((reminder) => ({ subject: plan.subject, ...reminder })));
    const jobIds = statement.param(planned.map((p) => p.jobId));
    // Disjoint rows (not planned / planned), so one statement may both delete and upsert them.
    statement.with('unplanned_reminder', `DELETE FROM owed_reminder WHERE subject = ANY(${statement.param(plans.map((plan) => plan.subject))}::text[]) AND NOT (job_id = ANY(${jobIds}::text[]))`);
    if (planned.length === 0) return;
    statement.with(
      'planned_reminder',
      `INSERT INTO owed_reminder (job_id, subject, job, due_at)
       SELECT * FROM unnest(${jobIds}::text[], ${statement.param(planned.map((p) => p.subject))}::text[], ${statement.param(planned.map((p) => JSON.stringify(p.job)))}::jsonb[],
                            ${statement.param(planned.map((p) => p.job.at))}::timestamptz[])
       ON CONFLICT (job_id) DO UPDATE SET subject = EXCLUDED.subject, job = EXCLUDED.job, due_at = EXCLUDED.due_at`,
    );
  }

  /** Sets the alarm clocks of recorded plans: takes back what was planned before, then adds what is planned now. */
  async apply(plans: ReminderPlan[], now = new Date()): Promise<void> {
    await Promise.all(
      plans.map(async (plan) => {
        await this.remove(plan.remove);
        for (const { jobId, job } of plan.planned) await this.queue.add(job.kind, job, this.options(jobId, job, now));
      }),
    );
  }

  /** Plans a task's reminders from the task as it is now (recorded, then queued). */
  async replan(task: Resource, now = new Date()): Promise<PlannedReminder[]> {
    const plan = this.planTask(task, now);
    await this.record(this.database, [plan]);
    await this.apply([plan], now);
    return plan.planned.map(({ job }) => job as TaskReminderJob).map((job) => ({ kind: job.kind, round: job.round, at: new Date(job.at) }));
  }

  /** One more reminder of a task (the next weekly overdue one): owed, then queued. */
  async schedule(taskId: string, due: string, reminder: PlannedReminder, now = new Date()): Promise<void> {
    const jobId = reminderJobId(taskId, reminder.kind, reminder.round);
    const job: TaskReminderJob = { taskId, kind: reminder.kind, round: reminder.round, due, at: reminder.at.toISOString() };
    await this.database.query(
      `INSERT INTO owed_reminder (job_id, subject, job, due_at) VALUES ($1, $2, $3, $4) ON CONFLICT (job_id) DO UPDATE SET job = EXCLUDED.job, due_at = EXCLUDED.due_at`,
      [jobId, `Task/${taskId}`, JSON.stringify(job), job.at],
    );
    await this.queue.add(job.kind, job, this.options(jobId, job, now));
  }

  /**
   * A reminder has fired (sent, or found no longer needed): no longer owed. Only as it was planned: one
   * planned anew meanwhile under the same id (a moved consultation) stays owed.
   */
  async fired(jobId: string, job: ReminderJob): Promise<void> {
    await this.database.query(`DELETE FROM owed_reminder WHERE job_id = $1 AND job = $2::jsonb`, [jobId, JSON.stringify(job)]);
  }

  /** The reminders owed for a task or consultation (`Task/1`), as recorded: for operators and tests. */
  async owed(subject: string): Promise<Array<{ jobId: string; job: ReminderJob }>> {
    const { rows } = await this.database.query<{ job_id: string; job: ReminderJob }>(`SELECT job_id, job FROM owed_reminder WHERE subject = $1 ORDER BY due_at, job_id`, [subject]);
    return rows.map((row) => ({ jobId: row.job_id, job: row.job }));
  }

  /**
   * Reminders owed since more than `olderThanMs` before now: their alarm clock should have rung. And
   * when Redis has lost its data (the marker key this sets is gone: a restart without persistence, a
   * failover), every owed reminder, so one days ahead is back in the queue at once, not only when due.
   */
  async requeueOverdue(olderThanMs: number): Promise<number> {
    // The queue's own connection (BullMQ types it narrowly): the marker lives beside its jobs.
    const redis = (await this.queue.client) as unknown as Redis;
    const marker = this.queue.toKey(OWED_MARKER);
    const everything = (await redis.exists(marker)) === 0;
    let after: { dueAt: string; jobId: string } = { dueAt: '-infinity', jobId: '' };
    let requeued = 0;
    for (;;) {
      const { rows } = await this.database.query<{ job_id: string; job: ReminderJob; due_at: string }>(
        `SELECT job_id, job, to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS due_at FROM owed_reminder
          WHERE ($1 OR due_at < clock_timestamp() - $2 * interval '1 millisecond') AND (due_at, job_id) > ($3::timestamptz, $4::text)
          ORDER BY due_at, job_id LIMIT ${OWED_PAGE}`,
        [everything, olderThanMs, after.dueAt, after.jobId],
      );
      const now = new Date();
      const jobs: Array<OwedJob<ReminderJob>> = rows.map((row) => ({ name: row.job.kind, data: row.job, opts: this.options(row.job_id, row.job, now) }));
      const { added, retried } = await requeueOwed(this.queue, jobs);
      requeued += added + retried;
      if (rows.length < OWED_PAGE) break;
      after = { dueAt: rows[rows.length - 1].due_at, jobId: rows[rows.length - 1].job_id };
    }
    if (everything) await redis.set(marker, new Date().toISOString());
    return requeued;
  }

  /** The consultation reminders waiting for an appointment (for operators and tests). */
  async pendingForAppointment(appointmentId: string): Promise<AppointmentReminderKind[]> {
    const waiting = await this.waiting(APPOINTMENT_REMINDER_KINDS.map((kind) => appointmentReminderJobId(appointmentId, kind)));
    return APPOINTMENT_REMINDER_KINDS.filter((_, i) => waiting[i]);
  }

  /** Whether a reminder is waiting for a task (for operators and tests). */
  async pending(taskId: string): Promise<TaskReminderKind[]> {
    const waiting = await this.waiting(TASK_REMINDER_KINDS.map((kind) => reminderJobId(taskId, kind, 0)));
    return TASK_REMINDER_KINDS.filter((_, i) => waiting[i]);
  }

  /** Due at `job.at`; the job id makes planning it again harmless. */
  private options(jobId: string, job: ReminderJob, now: Date): OwedJob<ReminderJob>['opts'] {
    return { jobId, delay: Math.max(0, new Date(job.at).getTime() - now.getTime()), removeOnComplete: true, removeOnFail: 100 };
  }

  private async remove(jobIds: string[]): Promise<void> {
    await Promise.all(jobIds.map((jobId) => this.queue.remove(jobId)));
  }

  private async waiting(jobIds: string[]): Promise<boolean[]> {
    return (await Promise.all(jobIds.map((jobId) => this.queue.getJob(jobId)))).map(Boolean);
  }
}
