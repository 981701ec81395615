import { Injectable } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { Principal } from '../auth/principal';
import { AuditTrailService } from '../audit/audit-trail.service';
import { Database } from '../database/sql-client';
import { JobBatcher } from '../queues/job-batcher';
import { ownerKey } from './subscription-owner';
import { withPatients } from '../fhir/patient-of';

/** Deliveries audited together at most (the delivery workers run 32 jobs at a time each). */
const MAX_BATCH = 64;

interface DeliveryDisclosure {
  owner: Principal;
  subscriptionId: string;
  resource: Resource;
}

/**
 * The audit trail of what Subscriptions send: each delivery of patient data, by rest-hook or
 * websocket, is an AuditEvent (subtype `notify`) naming the Subscription's owner as the agent and the
 * Subscription as the query. Written before the resource is sent, so nothing leaves Bro unrecorded;
 * the deliveries running at the same time share one INSERT per owner.
 */
@Injectable()
export class SubscriptionDeliveryAudit {
  private readonly recording = new JobBatcher<DeliveryDisclosure>((disclosures) => this.recordAll(disclosures), MAX_BATCH);

  constructor(
    private readonly trail: AuditTrailService,
    private readonly database: Database,
  ) {}

  /** Resolves once the entry is stored. */
  beforeSending(owner: Principal, subscriptionId: string, resource: Resource): Promise<void> {
    return this.recording.add({ owner, subscriptionId, resource });
  }

  private async recordAll(disclosures: DeliveryDisclosure[]): Promise<void[]> {
    const byOwner = new Map<string, DeliveryDisclosure[]>();
    for (const disclosure of disclosures) {
      const key = ownerKey(disclosure.owner);
      byOwner.set(key, [...(byOwner.get(key) ?? []), disclosure]);
    }
    await Promise.all(
      [...byOwner.values()].map((group) =>
        this.trail.record(
          this.database,
          group[0].owner,
          withPatients(group.map((disclosure) => ({ subtype: 'notify' as const, resource: disclosure.resource, query: `Subscription/${disclosure.subscriptionId}` }))),
        ),
      ),
    );
    return disclosures.map(() => undefined);
  }
}
