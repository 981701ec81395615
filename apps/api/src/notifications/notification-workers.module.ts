import { Module } from '@nestjs/common';
import { FhirModule } from '../fhir/fhir.module';
import { BoardWorkersModule } from '../board/board-workers.module';
import { DatabaseEpoch } from '../database/database-epoch';
import { OutboxRelay } from '../outbox/outbox.relay';
import { SubscriptionWorkersModule } from '../subscriptions/subscription-workers.module';
import { InAppDeliveryProcessor } from './in-app-delivery.processor';
import { NotificationMatchingProcessor } from './notification-matching.processor';
import { NotificationStore } from './notification.store';
import { NotificationDeliveryQueue } from './notification-delivery.queue';
import { ReminderProcessor } from './reminder.processor';
import { ReminderScheduler } from './reminder.scheduler';

/** The worker side: the outbox relay, matching, live, rest-hook and websocket delivery. Several workers may run side by side. */
@Module({
  imports: [FhirModule, BoardWorkersModule, SubscriptionWorkersModule],
  providers: [DatabaseEpoch, NotificationDeliveryQueue, OutboxRelay, NotificationStore, NotificationMatchingProcessor, InAppDeliveryProcessor, ReminderScheduler, ReminderProcessor],
})
export class NotificationWorkersModule {}
