import { Module } from '@nestjs/common';
import { FhirModule } from '../fhir/fhir.module';
import { BoardWorkersModule } from '../board/board-workers.module';
import { DatabaseEpoch } from '../database/database-epoch';
import { OutboxRelay } from '../outbox/outbox.relay';
import { OWED_WORK, OwedWork } from '../outbox/owed-work';
import { OwedWorkReconciler } from '../outbox/owed-work.reconciler';
import { SubscriptionWorkersModule } from '../subscriptions/subscription-workers.module';
import { SubscriptionDeliveryQueue } from '../subscriptions/subscription-delivery.queue';
import { InAppDeliveryProcessor } from './in-app-delivery.processor';
import { NotificationMatchingProcessor } from './notification-matching.processor';
import { NotificationStore } from './notification.store';
import { NotificationDeliveryQueue } from './notification-delivery.queue';
import { ReminderProcessor } from './reminder.processor';
import { ReminderScheduler } from './reminder.scheduler';

/**
 * The worker side: the outbox relay, matching, live, rest-hook and websocket delivery, and the
 * reconciler that queues again what is owed too long. Several workers may run side by side.
 */
@Module({
  imports: [FhirModule, BoardWorkersModule, SubscriptionWorkersModule],
  providers: [
    DatabaseEpoch,
    NotificationDeliveryQueue,
    OutboxRelay,
    NotificationStore,
    NotificationMatchingProcessor,
    InAppDeliveryProcessor,
    ReminderScheduler,
    ReminderProcessor,
    // Every kind of work owed until done, oldest link of the chain first: events, then what matching made of them.
    {
      provide: OWED_WORK,
      inject: [OutboxRelay, SubscriptionDeliveryQueue, NotificationDeliveryQueue, ReminderScheduler],
      useFactory: (...owed: OwedWork[]) => owed,
    },
    OwedWorkReconciler,
  ],
})
export class NotificationWorkersModule {}
