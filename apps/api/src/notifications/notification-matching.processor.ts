import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OutboxTopic, QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Database } from '../database/sql-client';
import { OutboxRow } from '../outbox/outbox-row';
import { NotificationDeliveryQueue } from './notification-delivery.queue';
import { Job, Worker, startWorker } from '../queues/bullmq.adapter';
import { NotificationStore } from './notification.store';
import { TaskTransitionPayload, notificationsForTask } from './task-notifications';
import { SubscriptionMatcher } from '../subscriptions/subscription.matcher';
import { SubscriptionDeliveryQueue } from '../subscriptions/subscription-delivery.queue';
import { TaskReminderScheduler } from './task-reminder.scheduler';
import { FhirService } from '../fhir/fhir.service';
import { BoardChanges } from '../board/board-changes';

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
    private readonly reminders: TaskReminderScheduler,
    private readonly fhir: FhirService,
    private readonly delivery: NotificationDeliveryQueue,
    private readonly boards: BoardChanges,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker<OutboxRow>(QueueName.Matching, this.config, (job) => this.process(job));
    this.worker.on('failed', (job, error) => this.logger.warn(`outbox event ${job?.data.id} not matched yet: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /**
   * Reminders follow the task as it is now, not as the event says: events are processed concurrently,
   * and "accepted" handled after "completed" must not bring the reminders back.
   */
  private async replanReminders(event: OutboxRow): Promise<void> {
    const task = await this.fhir.readIfPresent('Task', event.resource_id!);
    if (task) await this.reminders.replan(task.resource);
  }

  async process(job: Job<OutboxRow>): Promise<void> {
    const event = job.data;
    await this.subscriptionDeliveries.push(await this.subscriptions.match(event));
    if (event.topic === OutboxTopic.TaskTransition) await this.notifyPeople(event);
    // Boards get a frame a second at most: marking them waits until people and systems are served.
    await this.boards.onEvent(event);
  }

  private async notifyPeople(event: OutboxRow): Promise<void> {
    const drafts = notificationsForTask(event.payload as unknown as TaskTransitionPayload);
    const stored = await this.notifications.insert(this.database, event.id, `Task/${event.resource_id}`, drafts);
    // A retried event whose notifications were stored before re-queues their delivery by the same job ids.
    const all = stored.length === drafts.length ? stored : await this.notifications.ofEvent(event.id);
    await this.delivery.push(all);
    await this.replanReminders(event);
  }
}
