import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OutboxTopic, QueueName, Resource } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Database } from '../database/sql-client';
import { OutboxRow, changesOf } from '../outbox/outbox-row';
import { NotificationDeliveryQueue } from './notification-delivery.queue';
import { Worker, startWorker } from '../queues/bullmq.adapter';
import { NotificationStore } from './notification.store';
import { TaskTransitionPayload, notificationsForTask } from './task-notifications';
import { SubscriptionMatcher } from '../subscriptions/subscription.matcher';
import { SubscriptionDeliveryQueue } from '../subscriptions/subscription-delivery.queue';
import { ReminderScheduler } from './reminder.scheduler';
import { FhirService } from '../fhir/fhir.service';
import { BoardChanges } from '../board/board-changes';
import { JobBatcher } from '../queues/job-batcher';
import { OneStatement } from '../database/one-statement';

/** Events matched together at most; the worker takes twice as many jobs, so the next batch gathers while one runs. */
const MAX_BATCH = 50;

/**
 * Matches outbox events to in-app notification recipients (stored once per event, however often the
 * event is processed, then queued for live delivery), to FHIR Subscriptions (recorded as owed, then
 * queued for rest-hook or websocket delivery, one job per event and subscription) and to reminders;
 * an event is done when all of that has committed.
 */
@Injectable()
export class NotificationMatchingProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationMatching');
  private worker?: Worker<OutboxRow>;

  constructor(
    private readonly database: Database,
    private readonly notifications: NotificationStore,
    private readonly subscriptions: SubscriptionMatcher,
    private readonly subscriptionDeliveries: SubscriptionDeliveryQueue,
    private readonly reminders: ReminderScheduler,
    private readonly fhir: FhirService,
    private readonly delivery: NotificationDeliveryQueue,
    private readonly boards: BoardChanges,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const batcher = new JobBatcher<OutboxRow>((events) => this.process(events).then(() => []), MAX_BATCH);
    this.worker = startWorker<OutboxRow>(QueueName.Matching, this.config, (job) => batcher.add(job.data), { concurrency: MAX_BATCH * 2 });
    this.worker.on('failed', (job, error) => this.logger.warn(`outbox event ${job?.data.id} not matched yet: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /**
   * Matches a batch of events: each step is one round trip for the whole batch, not one per event.
   * What the batch owes (notifications, Subscription deliveries, reminders) commits in one
   * statement (so one transaction and one round trip) with the events' done mark; only then is it queued. A crash before the commit leaves
   * the events owed (the reconciler queues them again), a crash after it leaves deliveries owed.
   */
  async process(events: OutboxRow[]): Promise<void> {
    const transitions = events.filter((event) => event.topic === OutboxTopic.TaskTransition);
    const appointmentChanges = changesOf(events, 'Appointment');
    // Reads first, side by side: who is owed what (people, systems), and the tasks and consultations as they are now.
    const [deliveries, tasks, appointments] = await Promise.all([
      this.subscriptions.match(events),
      this.currentOf('Task', transitions),
      this.currentOf('Appointment', appointmentChanges),
    ]);
    const drafted = transitions.map((event) => ({
      outboxId: event.id,
      resource: `Task/${event.resource_id}`,
      drafts: notificationsForTask(event.payload as unknown as TaskTransitionPayload),
    }));
    // Reminders follow the task as it is now, not as the event says: events are processed concurrently,
    // and "accepted" handled after "completed" must not bring the reminders back.
    const reminderPlans = [
      ...[...tasks.values()].map((task) => this.reminders.planTask(task)),
      ...[...new Set(appointmentChanges.map((event) => event.resource_id!))].map((id) => this.reminders.planAppointment(id, appointments.get(id))),
    ];
    // One statement, so one round trip and atomic: what is owed, and the events done.
    const statement = new OneStatement();
    const stored = this.notifications.insertClause(statement, drafted);
    this.subscriptionDeliveries.recordClause(statement, deliveries);
    this.reminders.recordClause(statement, reminderPlans);
    statement.with('done', `UPDATE outbox SET done_at = clock_timestamp() WHERE id = ANY(${statement.param(events.map((event) => event.id))}::bigint[]) AND done_at IS NULL`);
    const { rows } = await this.database.query(statement.sql(stored ? `SELECT * FROM ${stored}` : 'SELECT 1 WHERE false'), statement.params);
    // A retried event whose notifications were stored before queues their delivery again by the same
    // job ids (so nothing goes out twice); then the whole batch's are read back.
    const drafts = drafted.reduce((sum, event) => sum + event.drafts.length, 0);
    const notifications = rows.length === drafts ? NotificationStore.fromRows(rows) : await this.notifications.ofEvents(drafted.map((event) => event.outboxId));
    // People and systems at the same time: neither waits for the other's round trips.
    await Promise.all([this.delivery.push(notifications), this.subscriptionDeliveries.enqueue(deliveries)]);
    // Reminders are days away and boards get a frame a second at most: both wait until people and systems are served.
    await this.reminders.apply(reminderPlans);
    await this.boards.onEvents(events);
  }

  /** The current versions of the events' resources, by id, in one search (a deleted one is absent). */
  private async currentOf(resourceType: string, events: OutboxRow[]): Promise<Map<string, Resource>> {
    if (events.length === 0) return new Map();
    const matches = await this.fhir.matchAmong(resourceType, [], events.map((event) => event.resource_id).filter((id): id is string => !!id));
    return new Map(matches.map((resource) => [resource.id!, resource]));
  }
}
