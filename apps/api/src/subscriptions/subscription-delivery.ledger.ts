import { Injectable } from '@nestjs/common';
import { Database } from '../database/sql-client';
import { SubscriptionDelivery } from './subscription.matcher';

/**
 * What each Subscription is owed, by resource and version (`subscription_delivery`), whatever the
 * channel: a newer version of a resource waits while an older one is still pending, so every
 * channel delivers versions in order.
 */
@Injectable()
export class SubscriptionDeliveryLedger {
  constructor(private readonly database: Database) {}

  /** Recorded before queueing: what is owed per resource decides the order of delivery. Idempotent per event. */
  async record(deliveries: SubscriptionDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.database.query(
      `INSERT INTO subscription_delivery (event_id, subscription_id, resource, version_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) ON CONFLICT (event_id) DO NOTHING`,
      [deliveries.map((d) => d.eventId), deliveries.map((d) => d.subscriptionId), deliveries.map((d) => `${d.resourceType}/${d.resourceId}`), deliveries.map((d) => d.versionId)],
    );
  }

  async olderVersionOwed(delivery: SubscriptionDelivery): Promise<boolean> {
    const { rowCount } = await this.database.query(
      `SELECT 1 FROM subscription_delivery WHERE subscription_id = $1 AND resource = $2 AND version_id < $3 AND state = 'pending' LIMIT 1`,
      [delivery.subscriptionId, `${delivery.resourceType}/${delivery.resourceId}`, delivery.versionId],
    );
    return rowCount > 0;
  }

  /** Delivered, or dead (given up, or its Subscription is off): either way newer versions no longer wait for it. */
  async settle(eventId: string, state: 'delivered' | 'dead'): Promise<void> {
    await this.database.query(`UPDATE subscription_delivery SET state = $2 WHERE event_id = $1`, [eventId, state]);
  }
}
