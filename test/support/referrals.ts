import { randomUUID } from 'node:crypto';
import { Bundle, PATIENT_OBJECTS_TO_CONTACT_EXTENSION, REFERRAL_ANSWER_SYSTEM, REJECTION_REASON_SYSTEM, Resource, TASK_KIND_SYSTEM } from '@app/fhir';
import { Database } from '../../apps/api/src/database/sql-client';
import { TestApi } from './test-api';
import { demoUnit } from './test-directory';
import { callAs, gpRole } from './transfers';

/** A stored resource as FHIR answers it: with its id and version. */
export type StoredResource = Resource & { id: string; meta: { versionId: string } };

export interface ReferralOptions {
  patient: string;
  /** The referring GP's PractitionerRole (the demo `gp`'s by default) and the user who sends. */
  referrer?: string;
  user?: string;
  unit?: string;
  priority?: string;
  objects?: boolean;
}

/** A referral as a GP's system sends it: the ServiceRequest and its fulfilment Task in one transaction Bundle. */
export async function sendReferralOverFhir(api: TestApi, options: ReferralOptions): Promise<{ request: StoredResource; task: StoredResource }> {
  const requestUrl = `urn:uuid:${randomUUID()}`;
  const referrer = options.referrer ?? gpRole();
  const unit = options.unit ?? demoUnit();
  const bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: requestUrl,
        resource: {
          resourceType: 'ServiceRequest',
          status: 'active',
          intent: 'order',
          priority: options.priority ?? 'routine',
          subject: { reference: options.patient },
          requester: { reference: referrer },
          performer: [{ reference: unit }],
          reasonCode: [{ text: 'Vedvarende angst og søvnvansker' }],
          ...(options.objects ? { extension: [{ url: PATIENT_OBJECTS_TO_CONTACT_EXTENSION, valueBoolean: true }] } : {}),
        },
        request: { method: 'POST', url: 'ServiceRequest' },
      },
      {
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: {
          resourceType: 'Task',
          status: 'requested',
          intent: 'order',
          code: { coding: [{ system: TASK_KIND_SYSTEM, code: 'referral-fulfilment' }] },
          for: { reference: options.patient },
          focus: { reference: requestUrl },
          requester: { reference: referrer },
          owner: { reference: unit },
        },
        request: { method: 'POST', url: 'Task' },
      },
    ],
  };
  const answer = await callAs<Bundle>(api, options.user ?? 'gp', 'POST', '/fhir/R4', bundle);
  if (answer.status !== 200) throw new Error(`sending the referral answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  const [request, task] = (answer.body.entry ?? []).map((entry) => entry.resource as StoredResource);
  return { request, task };
}

/** The referral Task's next version as the hospital's rejection (Volven 9148 code 4, a coded reason). */
export function rejectedVersion(task: StoredResource, reason = 'PRIMAERHELSETJENESTE', text?: string): Resource {
  return {
    ...task,
    status: 'rejected',
    businessStatus: { coding: [{ system: REFERRAL_ANSWER_SYSTEM, code: '4' }] },
    statusReason: { coding: [{ system: REJECTION_REASON_SYSTEM, code: reason }], ...(text ? { text } : {}) },
  };
}

/** The hospital unit rejects the referral over FHIR REST (as the demo coordinator). */
export async function rejectOverFhir(api: TestApi, task: StoredResource, reason?: string, text?: string): Promise<StoredResource> {
  const answer = await callAs<StoredResource>(api, 'coordinator', 'PUT', `/fhir/R4/Task/${task.id}`, rejectedVersion(task, reason, text), { 'If-Match': `W/"${task.meta.versionId}"` });
  if (answer.status !== 200) throw new Error(`rejecting the referral answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The low-threshold cases routed from a referral (as a system client, which sees them all). */
export async function casesOfReferral(api: TestApi, referralTaskId: string): Promise<StoredResource[]> {
  const found = await callAs<Bundle>(api, 'ehr', 'GET', `/fhir/R4/Task?based-on=Task/${referralTaskId}`);
  return found.body.entry?.map((entry) => entry.resource as StoredResource) ?? [];
}

/**
 * Puts a routing rule set in force for one test file, and returns how to take it away again so later files
 * see the rules they would have seen without it.
 */
export async function installRoutingRules(database: Database, rules: unknown[], by: string): Promise<{ version: number; remove: () => Promise<void> }> {
  const { rows } = await database.query<{ version: number }>(
    `INSERT INTO referral_routing_rule_set (version, rules, changed_by, comment)
     SELECT coalesce(max(version), 0) + 1, $1::jsonb, $2, 'rules of a test file' FROM referral_routing_rule_set RETURNING version`,
    [JSON.stringify(rules), by],
  );
  const version = rows[0].version;
  return { version, remove: async () => void (await database.query(`DELETE FROM referral_routing_rule_set WHERE version = $1`, [version])) };
}
