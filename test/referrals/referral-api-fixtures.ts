import { randomUUID } from 'node:crypto';
import { Resource, RoutingRule } from '@app/fhir';
import { ReferralSummary, TriageCaseDetail, TriageCasePage, TriageCaseSummary } from '@app/fhir/api/referral-answers';
import { RoutingRulesAnswer } from '@app/fhir/api/routing-rule-answers';
import { Database } from '../../apps/api/src/database/sql-client';
import { TestApi } from '../support/test-api';
import { demoUnit, testDirectory } from '../support/test-directory';
import { ApiAnswer, callAs, gpRole, newPatient } from '../support/transfers';

/**
 * A file's own corner of the referral world: a hospital unit under the demo unit (so the demo coordinator
 * answers for it), a low-threshold service of the demo low-threshold organisation (so the demo
 * low-threshold user works it), and routing rules for that unit put first in the rule set in force. The
 * file's rejections route only to its own service, so its queue holds only its own cases.
 */
export interface ReferralWorld {
  unit: string;
  service: string;
  /** The rule set version in force before the file saved its own: put back by {@link leaveReferralWorld}. */
  startVersion: number;
}

export async function createAs(api: TestApi, user: string, resource: Resource): Promise<string> {
  const created = await callAs<Resource>(api, user, 'POST', `/fhir/R4/${resource.resourceType}`, resource);
  if (created.status !== 201) throw new Error(`${resource.resourceType} not created: ${created.status} ${JSON.stringify(created.body)}`);
  return `${resource.resourceType}/${created.body.id}`;
}

/** Rules for the world's unit, given its service: put before the rules in force (or a catch-all to the seeded service). */
export async function enterReferralWorld(api: TestApi, rulesFor: (unit: string, service: string) => RoutingRule[]): Promise<ReferralWorld> {
  const tag = randomUUID().slice(0, 8);
  const unit = await createAs(api, 'ehr', {
    resourceType: 'Organization',
    active: true,
    name: `Psykiatrisk poliklinikk ${tag}, Haukeland`,
    partOf: { reference: demoUnit() },
  });
  const service = await createAs(api, 'ehr', {
    resourceType: 'HealthcareService',
    identifier: [{ system: 'urn:bro:healthcare-service', value: `test-${tag}` }],
    active: true,
    providedBy: { reference: testDirectory().demoOrganizations.lavterskel },
    name: `Lavterskel psykisk helse ${tag}`,
  });
  const current = await callAs<RoutingRulesAnswer>(api, 'admin', 'GET', '/api/referrals/routing-rules');
  if (current.status !== 200) throw new Error(`routing rules not read: ${current.status}`);
  const inForce: RoutingRule[] = current.body.rules.length ? current.body.rules : [{ id: `alle-${tag}`, routeTo: testDirectory().lowThresholdService }];
  const saved = await callAs<RoutingRulesAnswer>(api, 'admin', 'PUT', '/api/referrals/routing-rules', {
    version: current.body.version,
    rules: [...rulesFor(unit, service), ...inForce],
    comment: `test ${tag}`,
  });
  if (saved.status !== 200) throw new Error(`routing rules not saved: ${saved.status} ${JSON.stringify(saved.body)}`);
  return { unit, service, startVersion: current.body.version };
}

/** Puts the rule set back as the file found it. */
export async function leaveReferralWorld(api: TestApi, world: ReferralWorld | undefined): Promise<void> {
  if (world) await api.app.get(Database).query(`DELETE FROM referral_routing_rule_set WHERE version > $1`, [world.startVersion]);
}

/** A new patient on the demo GP's (or gp2's) list, registered by the hospital system. */
export async function newListPatient(api: TestApi, gp: 'gp' | 'gp2' = 'gp'): Promise<string> {
  return (await createAs(api, 'ehr', newPatient(gpRole(gp)))).slice('Patient/'.length);
}

export interface SendOptions {
  priority?: 'routine' | 'urgent';
  patientObjectsToContact?: boolean;
  reasonText?: string;
  user?: string;
}

export async function sendReferral(api: TestApi, patientId: string, unit: string, options: SendOptions = {}): Promise<ReferralSummary> {
  const sent = await callAs<ReferralSummary>(api, options.user ?? 'gp', 'POST', '/api/referrals', {
    patientId,
    hospitalUnit: unit,
    reasonText: options.reasonText ?? 'Langvarig depresjon, ønsker vurdering av behandling i spesialisthelsetjenesten.',
    ...(options.priority ? { priority: options.priority } : {}),
    ...(options.patientObjectsToContact !== undefined ? { patientObjectsToContact: options.patientObjectsToContact } : {}),
  });
  if (sent.status !== 201) throw new Error(`referral not sent: ${sent.status} ${JSON.stringify(sent.body)}`);
  return sent.body;
}

export function answerReferral(api: TestApi, referral: { id: string; version: number }, body: Record<string, unknown>, user = 'coordinator'): Promise<ApiAnswer<ReferralSummary>> {
  return callAs<ReferralSummary>(api, user, 'POST', `/api/referrals/${referral.id}/answer`, { version: referral.version, ...body });
}

/** Rejects as the coordinator; fails the test unless the referral is rejected. */
export async function rejectReferral(api: TestApi, referral: ReferralSummary, reason = 'PRIMAERHELSETJENESTE', reasonText?: string): Promise<ReferralSummary> {
  const answered = await answerReferral(api, referral, { answer: '4', reason, ...(reasonText ? { reasonText } : {}) });
  if (answered.status !== 200) throw new Error(`referral not rejected: ${answered.status} ${JSON.stringify(answered.body)}`);
  return answered.body;
}

/** A rejected referral routed to the world's service: its triage case as the queue shows it. */
export async function routedCase(api: TestApi, world: ReferralWorld, options: SendOptions & { reason?: string } = {}): Promise<{ referral: ReferralSummary; triage: TriageCaseSummary }> {
  const referral = await rejectReferral(api, await sendReferral(api, await newListPatient(api), world.unit, options), options.reason);
  if (!referral.triage) throw new Error(`the rejection was not routed: ${JSON.stringify(referral)}`);
  const detail = await callAs<TriageCaseDetail>(api, 'lowthreshold', 'GET', `/api/lowthreshold/cases/${referral.triage.taskId}`);
  if (detail.status !== 200) throw new Error(`the case is not in the queue: ${detail.status} ${JSON.stringify(detail.body)}`);
  return { referral, triage: detail.body.case };
}

/** Every page of a queue state (pageSize 100). */
export async function wholeQueue(api: TestApi, state: 'open' | 'mine' | 'closed', user = 'lowthreshold'): Promise<TriageCasePage> {
  const first = await callAs<TriageCasePage>(api, user, 'GET', `/api/lowthreshold/cases?state=${state}&pageSize=100`);
  if (first.status !== 200) throw new Error(`queue not read: ${first.status} ${JSON.stringify(first.body)}`);
  const cases = [...first.body.cases];
  for (let page = 2; cases.length < first.body.total; page++) {
    const more = (await callAs<TriageCasePage>(api, user, 'GET', `/api/lowthreshold/cases?state=${state}&pageSize=100&page=${page}`)).body.cases;
    if (!more.length) break;
    cases.push(...more);
  }
  return { ...first.body, cases };
}

export function caseAction(api: TestApi, id: string, action: 'claim' | 'release' | 'contact-attempts' | 'outcome', body: Record<string, unknown>, user = 'lowthreshold') {
  return callAs<TriageCaseSummary>(api, user, 'POST', `/api/lowthreshold/cases/${id}/${action}`, body);
}
