import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { FhirModule } from '../fhir/fhir.module';
import { OutboxWorkersModule } from '../outbox/outbox-workers.module';
import { RestHookDeliveryProcessor } from './rest-hook-delivery.processor';
import { SubscriptionDeliveryAudit } from './subscription-delivery.audit';
import { SubscriptionDeliveryLedger } from './subscription-delivery.ledger';
import { SubscriptionDeliveryQueue } from './subscription-delivery.queue';
import { SubscriptionNotificationPublisher } from './subscription-notification.publisher';
import { SubscriptionMatcher } from './subscription.matcher';
import { SubscriptionMatchingHandler } from './subscription-matching.handler';
import { WebsocketDeliveryProcessor } from './websocket-delivery.processor';

/** The worker side of FHIR Subscriptions: matching changes, queueing what is owed, delivering by rest-hook and to the websocket API instances. */
@Module({
  imports: [FhirModule, AccessModule, AuditModule, OutboxWorkersModule],
  providers: [SubscriptionMatcher, SubscriptionMatchingHandler, SubscriptionDeliveryLedger, SubscriptionDeliveryAudit, SubscriptionDeliveryQueue, RestHookDeliveryProcessor, SubscriptionNotificationPublisher, WebsocketDeliveryProcessor],
  exports: [SubscriptionMatcher, SubscriptionDeliveryQueue],
})
export class SubscriptionWorkersModule {}
