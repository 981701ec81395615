import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { OutboxTopic, QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { OneStatement } from '../database/one-statement';
import { Database } from '../database/sql-client';
import { FhirService } from '../fhir/fhir.service';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { OwedChannels } from '../outbox/owed-channels';
import { OWED_PAGE, OwedWork, OwedWorkRegistry, requeuePages } from '../outbox/owed-work';
import { OwedJob, ProducerQueues, Queue, requeueOwed } from '../queues/bullmq.adapter';
import { OwedReminders } from './owed-reminders';
import { PlannedJob, ReminderJob, ReminderPlan } from '../outbox/reminder-planner';
import { ReminderPlanners } from '../outbox/reminder-planners';
import { RemindersChannel } from '../outbox/reminders.channel';
import { ReminderPlanningHandler } from './reminder-planning.handler';

/**
 * Keeps reminders in step with what they remind of: the reminders channel. Each workflow registers a
 * planner with ReminderPlanners (when to remind of its resources, what to say); what the planners plan
 * from the outbox events they take comes here, one generic job per reminder, and a reminder that fires
 * is checked again through its planner, so none is sent for something changed meanwhile. It names no
 * workflow.
 *
 * Each planned reminder is owed in PostgreSQL (`owed_reminder`, written in the statement that matched
 * the change) until it has fired; a delayed job is only its alarm clock. One still owed a while after
 * its time (Redis lost the job) is queued again by the reconciler.
 */
@Injectable()
export class ReminderScheduler implements OnModuleInit, OnApplicationShutdown, OwedWork, RemindersChannel {
  readonly owedWhat = 'reminders';
  private readonly producer: ProducerQueues;
  private readonly queue: Queue<ReminderJob>;

  constructor(
    private readonly database: Database,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly owedWork: OwedWorkRegistry,
    private readonly channels: OwedChannels,
    private readonly planners: ReminderPlanners,
    private readonly outboxHandlers: OutboxHandlerRegistry,
    private readonly fhir: FhirService,
  ) {
    this.producer = new ProducerQueues(config);
    this.queue = this.producer.open<ReminderJob>(QueueName.Reminders);
  }

  onModuleInit(): void {
    this.owedWork.register(this);
    this.channels.provide(RemindersChannel, this);
    // Every planner, whichever module registers it first, is re-planned from the outbox events it takes.
    this.planners.whenRegistered((planner) => {
      const handler = new ReminderPlanningHandler(planner, this.fhir);
      for (const topic of planner.topics ?? [OutboxTopic.ResourceChanged]) this.outboxHandlers.register(planner.resourceType, topic, handler);
    });
  }

  onApplicationShutdown(): Promise<void> {
    return this.producer.close();
  }

  /** A batch's reminders, from every planner: one set of clauses in the batch's statement. */
  open(): OwedReminders {
    return new OwedReminders(this);
  }

  /** The record as clauses of a larger statement: what is no longer planned goes, what is planned is owed. */
  recordClause(statement: OneStatement, plans: ReminderPlan[]): void {
    if (plans.length === 0) return;
    const planned = plans.flatMap((plan) => plan.planned.map((reminder) => ({ subject: plan.subject, ...reminder })));
    const jobIds = statement.param(planned.map((p) => p.jobId));
    const series = statement.param([...new Set(planned.map((p) => p.job.series).filter((name): name is string => !!name))]);
    // Disjoint rows (not planned / planned), so one statement may both delete and upsert them. A later
    // reminder of a series planned again stays: a change matched while its first fired must not end it.
    statement.with(
      'unplanned_reminder',
      `DELETE FROM owed_reminder WHERE subject = ANY(${statement.param(plans.map((plan) => plan.subject))}::text[]) AND NOT (job_id = ANY(${jobIds}::text[]))
         AND (job->>'series' IS NULL OR NOT (job->>'series' = ANY(${series}::text[])))`,
    );
    if (planned.length === 0) return;
    statement.with(
      'planned_reminder',
      // A series' first reminder planned again after a later one is owed has fired already: not again.
      `INSERT INTO owed_reminder (job_id, subject, job, due_at)
       SELECT p.* FROM unnest(${jobIds}::text[], ${statement.param(planned.map((p) => p.subject))}::text[], ${statement.param(planned.map((p) => JSON.stringify(p.job)))}::jsonb[],
                              ${statement.param(planned.map((p) => p.job.at))}::timestamptz[]) AS p(job_id, subject, job, due_at)
        WHERE p.job->>'series' IS NULL
           OR NOT EXISTS (SELECT 1 FROM owed_reminder later WHERE later.subject = p.subject AND later.job->>'series' = p.job->>'series' AND later.job_id <> p.job_id)
       ON CONFLICT (job_id) DO UPDATE SET subject = EXCLUDED.subject, job = EXCLUDED.job, due_at = EXCLUDED.due_at`,
    );
  }

  /** Sets the alarm clocks of recorded plans: takes back what was planned before, then adds what is planned now (one round trip). */
  async apply(plans: ReminderPlan[], now = new Date()): Promise<void> {
    await this.remove(plans.flatMap((plan) => plan.remove));
    const planned = plans.flatMap((plan) => plan.planned);
    if (planned.length > 0) await this.queue.addBulk(planned.map(({ jobId, job }) => ({ name: job.kind, data: job, opts: this.options(jobId, job, now) })));
  }

  /** One more reminder of a subject (the next of a series): owed, then queued. */
  async schedule(subject: string, { jobId, job }: PlannedJob, now = new Date()): Promise<void> {
    await this.database.query(
      `INSERT INTO owed_reminder (job_id, subject, job, due_at) VALUES ($1, $2, $3, $4) ON CONFLICT (job_id) DO UPDATE SET job = EXCLUDED.job, due_at = EXCLUDED.due_at`,
      [jobId, subject, JSON.stringify(job), job.at],
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

  /**
   * Reminders owed since more than `olderThanMs` before now: their alarm clock should have rung. And
   * when Redis has lost its data, every owed reminder, so one days ahead is back in the queue at once,
   * not only when due.
   */
  requeueOverdue(olderThanMs: number, redisLostData: boolean): Promise<number> {
    return requeuePages(
      async (after: { dueAt: string; jobId: string } | undefined) =>
        (
          await this.database.query<{ job_id: string; job: ReminderJob; due_at: string }>(
            `SELECT job_id, job, to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS due_at FROM owed_reminder
              WHERE ($1 OR due_at < clock_timestamp() - $2 * interval '1 millisecond') AND (due_at, job_id) > ($3::timestamptz, $4::text)
              ORDER BY due_at, job_id LIMIT ${OWED_PAGE}`,
            [redisLostData, olderThanMs, after?.dueAt ?? '-infinity', after?.jobId ?? ''],
          )
        ).rows,
      (row) => ({ dueAt: row.due_at, jobId: row.job_id }),
      async (rows) => {
        const now = new Date();
        const { added, retried } = await requeueOwed(this.queue, rows.map((row) => ({ name: row.job.kind, data: row.job, opts: this.options(row.job_id, row.job, now) })));
        return added + retried;
      },
    );
  }

  /** The kinds of first reminder waiting in the queue for a subject (`Task/1`), from every planner of its type (for operators and tests). */
  async pendingFor(subject: string): Promise<string[]> {
    const [resourceType, id] = subject.split('/');
    const clocks = this.planners.ofResourceType(resourceType).flatMap((planner) => planner.clocksOf(id));
    const waiting = await this.waiting(clocks.map((clock) => clock.jobId));
    return clocks.filter((_, i) => waiting[i]).map((clock) => clock.kind);
  }

  /** The reminders waiting for a Task, by kind (for operators and tests). */
  pending(taskId: string): Promise<string[]> {
    return this.pendingFor(`Task/${taskId}`);
  }

  /** The reminders waiting for an Appointment, by kind (for operators and tests). */
  pendingForAppointment(appointmentId: string): Promise<string[]> {
    return this.pendingFor(`Appointment/${appointmentId}`);
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
