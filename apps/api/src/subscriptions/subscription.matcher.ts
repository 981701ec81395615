import { Injectable } from '@nestjs/common';
import { OutboxTopic, Resource } from '@app/fhir';
import { Database } from '../database/sql-client';
import { FhirService } from '../fhir/fhir.service';
import { OutboxRow } from '../outbox/outbox-row';
import { CHANNEL_TYPES, ChannelType, SUBSCRIBABLE_TYPES, channelOf, parseCriteria } from './subscription-fields';

/** One notification a Subscription is owed: this version of this resource, for this event. */
export interface SubscriptionDelivery {
  subscriptionId: string;
  /** Which queue carries it (absent on rest-hook deliveries queued before websockets came). */
  channel?: ChannelType;
  resourceType: string;
  resourceId: string;
  versionId: number;
  /** Unique per event and subscription: receivers de-duplicate on it (X-Bro-Event-Id). */
  eventId: string;
}

/** The rest-hook queue's jobs and its dead letters. */
export type RestHookDelivery = SubscriptionDelivery;

/**
 * Decides which active Subscriptions a change concerns, by running each one's criteria narrowed to
 * the changed resource (`Task?owner=X&_id=<id>`): the same search code as the API, so "matches" means
 * what a search would have found.
 */
@Injectable()
export class SubscriptionMatcher {
  constructor(
    private readonly fhir: FhirService,
    private readonly database: Database,
  ) {}

  /**
   * Read per event, not cached: a Subscription created a moment before a change must see it, and the
   * table is small (one indexed probe).
   */
  private async active(): Promise<Resource[]> {
    const { rows } = await this.database.query<{ resource: Resource }>(`SELECT resource FROM fhir_subscription WHERE sp_status = 'active' AND sp_type = ANY($1::text[])`, [CHANNEL_TYPES]);
    return rows.map((row) => row.resource);
  }

  /**
   * The deliveries a batch of events is owed: per Subscription one search over all the batch's
   * changed resources of its type (`Task?owner=X&_id=a,b,c`), not one per event.
   */
  async match(events: OutboxRow[]): Promise<SubscriptionDelivery[]> {
    const changes = events.filter(
      (event) =>
        event.topic === OutboxTopic.ResourceChanged &&
        event.resource_type &&
        event.resource_id &&
        event.version_id &&
        SUBSCRIBABLE_TYPES.includes(event.resource_type) &&
        event.payload.method !== 'delete',
    );
    if (changes.length === 0) return [];
    const deliveries: SubscriptionDelivery[] = [];
    for (const subscription of await this.active()) {
      const criteria = parseCriteria(subscription.criteria);
      if (!criteria) continue;
      const candidates = changes.filter((event) => event.resource_type === criteria.resourceType);
      if (candidates.length === 0) continue;
      const matches = await this.fhir.matchAmong(criteria.resourceType, criteria.pairs, candidates.map((event) => event.resource_id!));
      const matched = new Set(matches.map((resource) => resource.id));
      for (const event of candidates) {
        if (!matched.has(event.resource_id!)) continue;
        deliveries.push({
          subscriptionId: subscription.id!,
          channel: channelOf(subscription).type as ChannelType,
          resourceType: event.resource_type!,
          resourceId: event.resource_id!,
          versionId: event.version_id!,
          eventId: `${event.id}-${subscription.id}`,
        });
      }
    }
    return deliveries;
  }
}
