import { Injectable } from '@nestjs/common';
import { OutboxTopic } from '@app/fhir';
import { SqlClient } from '../database/sql-client';

export interface OutboxEvent {
  topic: OutboxTopic;
  resourceType?: string;
  resourceId?: string;
  versionId?: number;
  /** What the matching needs without reading the resource again. Never patient identifiers. */
  payload?: Record<string, unknown>;
}

/**
 * Appends events to the outbox in the caller's transaction: the change and its events commit
 * together or not at all, and Redis being down never fails or slows a write.
 */
@Injectable()
export class OutboxWriter {
  async append(client: SqlClient, events: OutboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (client.commitBatch) {
      // Inside a transaction: one INSERT for all of its events, just before it commits.
      client.commitBatch.add('outbox', events, (all) => this.insert(client, all));
      return;
    }
    await this.insert(client, events);
  }

  private async insert(client: SqlClient, events: OutboxEvent[]): Promise<void> {
    await client.query(
      `INSERT INTO outbox (topic, resource_type, resource_id, version_id, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::jsonb[])`,
      [
        events.map((e) => e.topic),
        events.map((e) => e.resourceType ?? null),
        events.map((e) => e.resourceId ?? null),
        events.map((e) => e.versionId ?? null),
        events.map((e) => JSON.stringify(e.payload ?? {})),
      ],
    );
  }
}
