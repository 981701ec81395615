import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxTopic } from '@app/fhir';
import { OutboxHandler } from '../outbox/outbox-handler';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { OutboxRow } from '../outbox/outbox-row';
import { AfterCommit, OwedByBatch } from '../outbox/owed-by-batch';
import { SUBSCRIBABLE_TYPES } from './subscription-fields';
import { SubscriptionDeliveryQueue } from './subscription-delivery.queue';
import { SubscriptionMatcher } from './subscription.matcher';

/**
 * Matches every change of a subscribable resource to the active FHIR Subscriptions, whatever workflow
 * wrote it: the deliveries are owed with the events' done mark, and queued (rest-hook or websocket) once
 * that has committed.
 */
@Injectable()
export class SubscriptionMatchingHandler implements OutboxHandler, OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlerRegistry,
    private readonly matcher: SubscriptionMatcher,
    private readonly deliveries: SubscriptionDeliveryQueue,
  ) {}

  onModuleInit(): void {
    for (const resourceType of SUBSCRIBABLE_TYPES) this.handlers.register(resourceType, OutboxTopic.ResourceChanged, this);
  }

  async handle(events: OutboxRow[], owed: OwedByBatch): Promise<void> {
    const deliveries = await this.matcher.match(events);
    if (deliveries.length === 0) return;
    owed.add({
      after: AfterCommit.First,
      record: (statement) => {
        this.deliveries.recordClause(statement, deliveries);
        return undefined;
      },
      committed: () => this.deliveries.enqueue(deliveries),
    });
  }
}
