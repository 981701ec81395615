import { Injectable, Logger } from '@nestjs/common';
import { OutboxTopic, Resource } from '@app/fhir';
import { AccessPolicy } from '../access/access-policy';
import { DomainError } from '../common/errors/domain-error';
import { AccessPolicyService } from '../access/access-policy.service';
import { Database } from '../database/sql-client';
import { FhirService } from '../fhir/fhir.service';
import { SearchRequest } from '../fhir/search/search-request';
import { OutboxRow } from '../outbox/outbox-row';
import { CHANNEL_TYPES, ChannelType, SUBSCRIBABLE_TYPES, channelOf, parseCriteria } from './subscription-fields';
import { SubscriptionOwnerRow, ownerColumns, ownerKey, principalOfOwner } from './subscription-owner';

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
 * the changed resource (`Task?owner=X&_id=<id>`) under its owner's access policy: the same search code
 * as the API, so "matches" means what the owner's own search would have found now. A Subscription
 * without an owner (stored before owners were recorded) matches nothing.
 */
@Injectable()
export class SubscriptionMatcher {
  private readonly logger = new Logger('SubscriptionMatcher');

  constructor(
    private readonly fhir: FhirService,
    private readonly access: AccessPolicyService,
    private readonly database: Database,
  ) {}

  /**
   * Read per event, not cached: a Subscription created a moment before a change must see it, and the
   * table is small (one indexed probe).
   */
  private async active(): Promise<Array<{ resource: Resource; owner: SubscriptionOwnerRow }>> {
    const { rows } = await this.database.query<{ resource: Resource; owner: SubscriptionOwnerRow }>(
      `SELECT s.resource, ${ownerColumns('o')} AS owner FROM fhir_subscription s JOIN subscription_owner o ON o.subscription_id = s.id
        WHERE s.sp_status = 'active' AND s.sp_type = ANY($1::text[])`,
      [CHANNEL_TYPES],
    );
    return rows;
  }

  /**
   * The deliveries a batch of events is owed: per Subscription one search over all the batch's
   * changed resources of its type (`Task?owner=X&_id=a,b,c`), not one per event, filtered by what the
   * Subscription's owner may see (their policy is built once per owner and batch).
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
    const policies = new Map<string, Promise<AccessPolicy>>();
    for (const { resource: subscription, owner } of await this.active()) {
      const criteria = parseCriteria(subscription.criteria);
      if (!criteria) continue;
      const candidates = changes.filter((event) => event.resource_type === criteria.resourceType);
      if (candidates.length === 0) continue;
      const principal = principalOfOwner(owner);
      const key = ownerKey(principal);
      if (!policies.has(key)) policies.set(key, this.access.policyFor(principal));
      const matches = await this.matchAsOwner(subscription.id!, await policies.get(key)!, criteria.resourceType, criteria.pairs, candidates.map((event) => event.resource_id!));
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

  /**
   * Which of these resources, as they are now, match the criteria and are visible to the owner, in
   * one search. Nothing when the owner may no longer search the type at all. Not audited here: what is
   * delivered is audited when it is sent.
   */
  private async matchAsOwner(subscriptionId: string, policy: AccessPolicy, resourceType: string, criteria: Array<[string, string]>, ids: string[]): Promise<Resource[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0 || !policy.may(resourceType, 'search')) return [];
    let request: SearchRequest;
    try {
      request = this.fhir.parseSearch(resourceType, [...criteria, ['_id', unique.join(',')]]);
    } catch (error) {
      // Criteria stored before search grew stricter (a modifier now refused): like criteria that do not
      // parse at all, they match nothing, and never hold up the other Subscriptions' deliveries.
      if (!(error instanceof DomainError)) throw error;
      // Its id, not the message: criteria may carry a patient's identifier.
      this.logger.warn(`Subscription/${subscriptionId}: its criteria no longer run (${error.status}); it matches nothing`);
      return [];
    }
    request.count = unique.length;
    request.total = 'none';
    request.access = policy;
    return (await this.fhir.search(request)).matches;
  }
}

