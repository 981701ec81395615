import { Module } from '@nestjs/common';
import { FhirModule } from '../fhir/fhir.module';
import { BoardWorkersModule } from '../board/board-workers.module';
import { DatabaseEpoch } from '../database/database-epoch';
import { OutboxRelay } from '../outbox/outbox.relay';
import { RestHookDeliveryProcessor } from '../subscriptions/rest-hook-delivery.processor';
import { SubscriptionMatcher } from '../subscriptions/subscription.matcher';
import { InAppDeliveryProcessor } from './in-app-delivery.processor';
import { NotificationMatchingProcessor } from './notification-matching.processor';
import { NotificationStore } from './notification.store';
import { NotificationDeliveryQueue } from './notification-delivery.queue';
import { TaskReminderProcessor } from './task-reminder.processor';
import { TaskReminderScheduler } from './task-reminder.scheduler';

/** The worker side: the outbox relay, matching, live and rest-hook delivery. Several workers may run side by side. */
@Module({
  imports: [FhirModule, BoardWorkersModule],
  providers: [DatabaseEpoch, NotificationDeliveryQueue, OutboxRelay, NotificationStore, NotificationMatchingProcessor, InAppDeliveryProcessor, SubscriptionMatcher, RestHookDeliveryProcessor, TaskReminderScheduler, TaskReminderProcessor],
})
export class NotificationWorkersModule {}
