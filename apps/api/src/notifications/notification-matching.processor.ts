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

/** Events matched together at most; the worker takes twice as many jobs, so the next batch gathers while one runs. */
const MAX_BATCH = 50;

/**
 * Matches outbox events to in-app notification recipients (stored once per event, however often the
 * event is processed, then queued for live delivery) and to FHIR Subscriptions (queued for rest-hook
 * or websocket delivery, one job per event and subscription).
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

  /** Matches a batch of events: each step is one round trip for the whole batch, not one per event. */
  async process(events: OutboxRow[]): Promise<void> {
    const transitions = events.filter((event) => event.topic === OutboxTopic.TaskTransition);
    // People and systems at the same time: neither waits for the other's round trips.
    await Promise.all([
      transitions.length > 0 ? this.notifyPeople(transitions) : undefined,
      this.subscriptions.match(events).then((deliveries) => this.subscriptionDeliveries.push(deliveries)),
    ]);
    // Reminders are days away and boards get a frame a second at most: both wait until people and systems are served.
    if (transitions.length > 0) await this.replanReminders(transitions);
    await this.replanConsultationReminders(changesOf(events, 'Appointment'));
    await this.boards.onEvents(events);
  }

  private async notifyPeople(events: OutboxRow[]): Promise<void> {
    const drafted = events.map((event) => ({
      outboxId: event.id,
      resource: `Task/${event.resource_id}`,
      drafts: notificationsForTask(event.payload as unknown as TaskTransitionPayload),
    }));
    const stored = await this.notifications.insert(this.database, drafted);
    // A retried event whose notifications were stored before re-queues their delivery by the same job
    // ids (so nothing goes out twice); then the whole batch's are read back.
    const drafts = drafted.reduce((sum, event) => sum + event.drafts.length, 0);
    const all = stored.length === drafts ? stored : await this.notifications.ofEvents(drafted.map((event) => event.outboxId));
    await this.delivery.push(all);
  }

  /**
   * Reminders follow the task as it is now, not as the event says: events are processed concurrently,
   * and "accepted" handled after "completed" must not bring the reminders back.
   */
  private async replanReminders(events: OutboxRow[]): Promise<void> {
    const tasks = await this.currentOf('Task', events);
    await Promise.all([...tasks.values()].map((task) => this.reminders.replan(task)));
  }

  /** A joint consultation's reminders follow it as it is now: booked, moved, cancelled or deleted. */
  private async replanConsultationReminders(events: OutboxRow[]): Promise<void> {
    if (events.length === 0) return;
    const appointments = await this.currentOf('Appointment', events);
    const ids = new Set(events.map((event) => event.resource_id!));
    await Promise.all([...ids].map((id) => this.reminders.replanAppointment(id, appointments.get(id))));
  }

  /** The current versions of the events' resources, by id, in one search (a deleted one is absent). */
  private async currentOf(resourceType: string, events: OutboxRow[]): Promise<Map<string, Resource>> {
    const matches = await this.fhir.matchAmong(resourceType, [], events.map((event) => event.resource_id).filter((id): id is string => !!id));
    return new Map(matches.map((resource) => [resource.id!, resource]));
  }
}
