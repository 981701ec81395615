import { Injectable } from '@nestjs/common';
import { OutboxTopic, Resource } from '@app/fhir';
import { Principal } from '../auth/principal';
import { OneStatement } from '../database/one-statement';
import { Database } from '../database/sql-client';
import { DelayedError, Job } from '../queues/bullmq.adapter';
import { JobBatcher } from '../queues/job-batcher';
import { SubscriptionDelivery } from './subscription.matcher';
import { SubscriptionOwnerRow, ownerColumns, principalOfOwner } from './subscription-owner';

/** Deliveries prepared or settled together at most (the delivery workers run 32 jobs at a time each). */
const MAX_BATCH = 64;

export type DeliveryState = 'delivered' | 'dead';

/**
 * A delivery whose turn it is: the Subscription as it is now, its owner (on whose behalf it is sent, and
 * audited), its secret and header values (rest-hook) and the exact version to send.
 */
export interface DeliveryInTurn {
  subscription: Resource;
  owner: Principal;
  secret?: string;
  headers: string[];
  version: Resource;
}

/** What a delivery needs to know before it is sent, read in one go. */
interface DeliveryPlan {
  /** The Subscription as it is now; absent when it is gone. */
  subscription?: Resource;
  /** Who owns it; absent for one stored before owners were recorded, which delivers nothing. */
  owner?: SubscriptionOwnerRow;
  /** Its signing secret (rest-hook Subscriptions have one). */
  secret?: string;
  /** Its channel.header entries with their values (rest-hook). */
  headers: string[];
  /**
   * An older version of the same resource is still owed to the same Subscription, or not matched yet
   * (its outbox event is not done, perhaps in another worker process, so whether it is owed is not
   * known yet): this one waits.
   */
  olderVersionOwed: boolean;
  /** The exact version the event is about; absent when there is no such version or it is a deletion. */
  version?: Resource;
}

/**
 * What each Subscription is owed, by resource and version (`subscription_delivery`), whatever the
 * channel: a newer version of a resource waits while an older one is still pending or still being
 * matched, so every channel delivers versions in order whichever worker processes matched them.
 *
 * Plans and settlements of deliveries running at the same time share one statement each (see
 * JobBatcher): at a few hundred changes a second the round trips, not the queries, are the cost.
 */
@Injectable()
export class SubscriptionDeliveryLedger {
  private readonly planning = new JobBatcher<SubscriptionDelivery, DeliveryPlan>((deliveries) => this.planAll(deliveries), MAX_BATCH);
  private readonly settling = new JobBatcher<{ eventId: string; state: DeliveryState }>((settlements) => this.settleAll(settlements), MAX_BATCH);

  constructor(private readonly database: Database) {}

  /**
   * Recorded in the statement that marks the matched events done, before anything is queued: what
   * is owed per resource decides the order of delivery, and what is owed stays owed (the reconciler
   * queues it again) until it is settled. Idempotent per event. A clause of that larger statement.
   */
  recordClause(statement: OneStatement, deliveries: SubscriptionDelivery[]): void {
    if (deliveries.length === 0) return;
    const p = (values: unknown[]) => statement.param(values);
    statement.with(
      'owed_delivery',
      `INSERT INTO subscription_delivery (event_id, subscription_id, resource, version_id, channel)
       SELECT * FROM unnest(${p(deliveries.map((d) => d.eventId))}::text[], ${p(deliveries.map((d) => d.subscriptionId))}::text[],
                            ${p(deliveries.map((d) => `${d.resourceType}/${d.resourceId}`))}::text[], ${p(deliveries.map((d) => d.versionId))}::int[],
                            ${p(deliveries.map((d) => d.channel ?? null))}::text[])
       ON CONFLICT (event_id) DO NOTHING`,
    );
  }

  /**
   * Deliveries still owed (pending) that were recorded more than `olderThanMs` ago, oldest first, a
   * page after `after` (the last one of the page before). Whether their jobs still exist is the
   * queue's question.
   */
  async overdue(olderThanMs: number, after: { createdAt: string; eventId: string } | undefined, limit: number): Promise<Array<SubscriptionDelivery & { createdAt: string }>> {
    const { rows } = await this.database.query<{ event_id: string; subscription_id: string; resource: string; version_id: number; channel: string | null; created_at: string }>(
      `SELECT d.event_id, d.subscription_id, d.resource, d.version_id, COALESCE(d.channel, s.resource->'channel'->>'type') AS channel,
              to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at
         FROM subscription_delivery d LEFT JOIN fhir_subscription s ON s.id = d.subscription_id
        WHERE d.state = 'pending' AND d.created_at < clock_timestamp() - $1 * interval '1 millisecond'
          AND (d.created_at, d.event_id) > ($2::timestamptz, $3::text)
        ORDER BY d.created_at, d.event_id LIMIT $4`,
      [olderThanMs, after?.createdAt ?? '-infinity', after?.eventId ?? '', limit],
    );
    return rows.map((row) => {
      const slash = row.resource.indexOf('/');
      return {
        eventId: row.event_id,
        subscriptionId: row.subscription_id,
        ...(row.channel ? { channel: row.channel as SubscriptionDelivery['channel'] } : {}),
        resourceType: row.resource.slice(0, slash),
        resourceId: row.resource.slice(slash + 1),
        versionId: row.version_id,
        createdAt: row.created_at,
      };
    });
  }

  /**
   * The start every channel's delivery shares. Undefined, and settled dead, when the Subscription is gone or
   * `takes` says it no longer takes this channel's deliveries; moved back by `orderWaitMs` without
   * spending an attempt while an older version of the resource is still owed to it (the DelayedError
   * tells BullMQ so); otherwise what to send.
   */
  async inTurn(
    job: Job<SubscriptionDelivery>,
    token: string | undefined,
    orderWaitMs: number,
    takes: (subscription: Resource, secret?: string) => boolean,
  ): Promise<DeliveryInTurn | undefined> {
    const delivery = job.data;
    const plan = await this.planning.add(delivery);
    if (!plan.subscription || !plan.owner || !takes(plan.subscription, plan.secret)) {
      // Nothing is owed to a Subscription that is off, gone or nobody's; nor does anything wait for this any more.
      await this.settle(delivery.eventId, 'dead');
      return undefined;
    }
    if (plan.olderVersionOwed) {
      await job.moveToDelayed(Date.now() + orderWaitMs, token);
      throw new DelayedError();
    }
    if (!plan.version) throw new Error(`${delivery.resourceType}/${delivery.resourceId} has no version ${delivery.versionId}`);
    return {
      subscription: plan.subscription,
      owner: principalOfOwner(plan.owner),
      ...(plan.secret ? { secret: plan.secret } : {}),
      headers: plan.headers,
      version: plan.version,
    };
  }

  /** Delivered, or dead (given up, or its Subscription is off): either way newer versions no longer wait for it. */
  settle(eventId: string, state: DeliveryState): Promise<void> {
    return this.settling.add({ eventId, state });
  }

  private async planAll(deliveries: SubscriptionDelivery[]): Promise<DeliveryPlan[]> {
    const { rows } = await this.database.query<{
      subscription: Resource | null;
      owner: SubscriptionOwnerRow | null;
      secret: string | null;
      headers: string[] | null;
      older_owed: boolean;
      version: Resource | null;
    }>(
      `SELECT s.resource AS subscription, ${ownerColumns('w')} AS owner, k.secret, ch.headers, h.resource AS version,
              (EXISTS (SELECT 1 FROM subscription_delivery o
                        WHERE o.subscription_id = d.subscription_id AND o.resource = d.resource_type || '/' || d.resource_id
                          AND o.version_id < d.version_id AND o.state = 'pending')
               OR EXISTS (SELECT 1 FROM outbox e
                           WHERE e.done_at IS NULL AND e.resource_type = d.resource_type AND e.resource_id = d.resource_id
                             AND e.version_id < d.version_id AND e.topic = $5)) AS older_owed
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS d(subscription_id, resource_type, resource_id, version_id, i)
         LEFT JOIN fhir_subscription s ON s.id = d.subscription_id
         LEFT JOIN subscription_owner w ON w.subscription_id = d.subscription_id
         LEFT JOIN subscription_secret k ON k.subscription_id = d.subscription_id
         LEFT JOIN subscription_header ch ON ch.subscription_id = d.subscription_id
         LEFT JOIN fhir_history h ON h.resource_type = d.resource_type AND h.id = d.resource_id AND h.version_id = d.version_id
        ORDER BY d.i`,
      [deliveries.map((d) => d.subscriptionId), deliveries.map((d) => d.resourceType), deliveries.map((d) => d.resourceId), deliveries.map((d) => d.versionId), OutboxTopic.ResourceChanged],
    );
    return rows.map((row) => ({
      ...(row.subscription ? { subscription: row.subscription } : {}),
      ...(row.owner ? { owner: row.owner } : {}),
      ...(row.secret ? { secret: row.secret } : {}),
      headers: row.headers ?? [],
      olderVersionOwed: row.older_owed,
      ...(row.version ? { version: row.version } : {}),
    }));
  }

  private async settleAll(settlements: Array<{ eventId: string; state: DeliveryState }>): Promise<void[]> {
    await this.database.query(
      `UPDATE subscription_delivery d SET state = s.state FROM unnest($1::text[], $2::text[]) AS s(event_id, state) WHERE d.event_id = s.event_id`,
      [settlements.map((s) => s.eventId), settlements.map((s) => s.state)],
    );
    return [];
  }
}
