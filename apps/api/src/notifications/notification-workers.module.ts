import { Module } from '@nestjs/common';
import { OutboxRelay } from '../outbox/outbox.relay';
import { InAppDeliveryProcessor } from './in-app-delivery.processor';
import { NotificationMatchingProcessor } from './notification-matching.processor';
import { NotificationStore } from './notification.store';

/** The worker side: the outbox relay, matching, and live delivery. Several workers may run side by side. */
@Module({ providers: [OutboxRelay, NotificationStore, NotificationMatchingProcessor, InAppDeliveryProcessor] })
export class NotificationWorkersModule {}
