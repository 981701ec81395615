import { Injectable } from '@nestjs/common';
import { OutboxTopic } from '@app/fhir';
import { OutboxHandler } from './outbox-handler';
import { OutboxRow } from './outbox-row';

/** A handler with the events of a batch it takes. */
export interface HandlerBatch {
  handler: OutboxHandler;
  events: OutboxRow[];
}

/** Registered for every resource type: a delivery channel that takes all changes (board marks), not a workflow's. */
export const ANY_RESOURCE_TYPE = '*';

function keyOf(resourceType: string | null, topic: string): string {
  return `${topic} ${resourceType ?? ''}`;
}

/**
 * The outbox handlers, many per resource type and topic: each feature registers its own (discharge
 * task notifications, a consultation's reminders, Subscription matching, board marks), with a selector
 * where it takes only some of them. The matcher dispatches every batch through here and names none of
 * them. An event no handler takes is simply done.
 */
@Injectable()
export class OutboxHandlerRegistry {
  private readonly handlers = new Map<string, OutboxHandler[]>();
  /** Every handler once, in the order first registered: the order a batch's handlers are listed in. */
  private readonly order: OutboxHandler[] = [];

  register(resourceType: string, topic: OutboxTopic, handler: OutboxHandler): void {
    const key = keyOf(resourceType, topic);
    const handlers = this.handlers.get(key) ?? [];
    if (handlers.includes(handler)) throw new Error(`this outbox handler is registered twice for ${topic} of ${resourceType}`);
    this.handlers.set(key, [...handlers, handler]);
    if (!this.order.includes(handler)) this.order.push(handler);
  }

  /** Each handler with the batch's events it takes (in event order); a handler that takes none is left out. */
  dispatch(events: OutboxRow[]): HandlerBatch[] {
    const taken = new Map<OutboxHandler, OutboxRow[]>();
    for (const event of events) {
      const handlers = [...(this.handlers.get(keyOf(event.resource_type, event.topic)) ?? []), ...(this.handlers.get(keyOf(ANY_RESOURCE_TYPE, event.topic)) ?? [])];
      for (const handler of handlers) {
        if (handler.appliesTo && !handler.appliesTo(event)) continue;
        const mine = taken.get(handler) ?? [];
        // Registered for the type and for any type, a handler still sees an event once.
        if (mine.length === 0) taken.set(handler, mine);
        if (mine[mine.length - 1] !== event) mine.push(event);
      }
    }
    return this.order.filter((handler) => taken.has(handler)).map((handler) => ({ handler, events: taken.get(handler)! }));
  }
}
