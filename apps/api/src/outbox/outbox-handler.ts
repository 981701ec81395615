import { OutboxRow } from './outbox-row';
import { OwedByBatch } from './owed-by-batch';

/**
 * What a feature does with the outbox events of one resource type and topic (a discharge Task's
 * transition tells its GP, a change of any subscribable resource is matched to Subscriptions). Handlers
 * register themselves with the OutboxHandlerRegistry; the matcher runs every handler of a batch side by
 * side and commits what they owe in one statement with the events' done mark.
 */
export interface OutboxHandler {
  /** Which of the events registered for it the handler takes (a Task of one kind, say); absent: all of them. */
  appliesTo?(event: OutboxRow): boolean;
  /**
   * What a batch of its events owes. Reads once for the whole batch (one round trip per step, not one
   * per event), then adds to `owed` what must commit with the events and what to queue after: it
   * writes nothing itself, so an event is done exactly when everything it owes is recorded.
   */
  handle(events: OutboxRow[], owed: OwedByBatch): Promise<void>;
}
