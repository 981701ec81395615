import { Module } from '@nestjs/common';
import { FhirModule } from '../fhir/fhir.module';
import { OutboxWorkersModule } from '../outbox/outbox-workers.module';
import { InAppDeliveryProcessor } from './in-app-delivery.processor';
import { InAppNotificationsChannel } from './in-app-notifications.channel';
import { LivePush } from './live-push';
import { NotificationDeliveryQueue } from './notification-delivery.queue';
import { NotificationStore } from './notification.store';
import { ReminderProcessor } from './reminder.processor';
import { ReminderScheduler } from './reminder.scheduler';

/**
 * The worker side of notifications, as delivery channels that know no workflow: in-app notifications and
 * their live push, and reminders. Each registers under the kernel's name for it (NotificationsChannel,
 * RemindersChannel), so workflows reach them through the outbox's registries without importing them.
 */
@Module({
  imports: [FhirModule, OutboxWorkersModule],
  providers: [NotificationStore, NotificationDeliveryQueue, LivePush, InAppDeliveryProcessor, InAppNotificationsChannel, ReminderScheduler, ReminderProcessor],
  exports: [ReminderScheduler],
})
export class NotificationWorkersModule {}
