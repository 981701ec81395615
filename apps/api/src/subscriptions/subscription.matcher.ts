import { Injectable } from '@nestjs/common';
import { OutboxTopic, Resource } from '@app/fhir';
import { Database } from '../database/sql-client';
import { FhirService } from '../fhir/fhir.service';
import { OutboxRow } from '../outbox/outbox-row';
import { SUBSCRIBABLE_TYPES, parseCriteria } from './subscription-fields';

/** One notification a Subscription is owed: this version of this resource, for this event. */
export interface RestHookDelivery {
  subscriptionId: string;
  resourceType: string;
  resourceId: string;
  versionId: number;
  /** Unique per event and subscription: receivers de-duplicate on it (X-Bro-Event-Id). */
  eventId: string;
}

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
    const { rows } = await this.database.query<{ resource: Resource }>(`SELECT resource FROM fhir_subscription WHERE sp_status = 'active' AND sp_type = 'rest-hook'`);
    return rows.map((row) => row.resource);
  }

  async match(event: OutboxRow): Promise<RestHookDelivery[]> {
    if (event.topic !== OutboxTopic.ResourceChanged || !event.resource_type || !event.resource_id || !event.version_id) return [];
    if (!SUBSCRIBABLE_TYPES.includes(event.resource_type) || event.payload.method === 'delete') return [];
    const deliveries: RestHookDelivery[] = [];
    for (const subscription of await this.active()) {
      const criteria = parseCriteria(subscription.criteria);
      if (!criteria || criteria.resourceType !== event.resource_type) continue;
      const request = this.fhir.parseSearch(criteria.resourceType, [...criteria.pairs, ['_id', event.resource_id]]);
      request.count = 1;
      request.total = 'none';
      const { matches } = await this.fhir.search(request);
      if (matches.length === 0) continue;
      deliveries.push({
        subscriptionId: subscription.id!,
        resourceType: event.resource_type,
        resourceId: event.resource_id,
        versionId: event.version_id,
        eventId: `${event.id}-${subscription.id}`,
      });
    }
    return deliveries;
  }
}
