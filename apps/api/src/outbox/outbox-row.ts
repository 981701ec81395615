import { OutboxTopic } from '@app/fhir';

/** An outbox row as the relay queues it and the matching worker receives it. */
export interface OutboxRow {
  id: string;
  topic: string;
  resource_type: string | null;
  resource_id: string | null;
  version_id: number | null;
  payload: Record<string, unknown>;
  created_at: string | Date;
}

/** The events of a batch that changed a resource of this type: one per create, update or delete of it. */
export function changesOf(events: OutboxRow[], resourceType: string): OutboxRow[] {
  return events.filter((event) => event.topic === OutboxTopic.ResourceChanged && event.resource_type === resourceType && event.resource_id);
}

/** The BullMQ job id of an outbox row: the same row always makes the same job, however often it is queued. */
export function matchingJobId(epoch: string, outboxId: string): string {
  return `outbox-${epoch}-${outboxId}`;
}

/** The BullMQ job id of a notification's live delivery. */
export function deliveryJobId(epoch: string, notificationId: string): string {
  return `notification-${epoch}-${notificationId}`;
}
