/**
 * The referrals benchmark's world, loaded straight into PostgreSQL (100,000 referrals through the API
 * would take longer than the benchmark): a year of GP referrals to four hospital units (one of them
 * psychiatric), each a ServiceRequest and its fulfilment Task with its `referral_case` row; about a fifth
 * rejected, and those routed (unless the patient objected) to one of two low-threshold services by the
 * routing rules stored for them, each with its triage Task. Rows are written as the API writes them: the
 * resource, its search columns from the same declarations the API extracts with, its history row, its
 * identifier claims and its reference rows; `referral_case` as the write rules fill it. Kept between runs
 * (`--fresh` starts over); each run adds its own unanswered referrals to reject.
 */
import { Pool, PoolClient } from 'pg';
import {
  CLAIMED_BY_EXTENSION,
  CONTACT_ATTEMPT_EXTENSION,
  CONTACT_ATTEMPT_RESULT_SYSTEM,
  PATIENT_OBJECTS_TO_CONTACT_EXTENSION,
  REFERRAL_ANSWERS,
  REJECTION_REASONS,
  REJECTION_REASON_SYSTEM,
  ROUTED_BY_RULE_EXTENSION,
  ReferralAnswer,
  RejectionReason,
  Resource,
  RoutingRule,
  TASK_OUTPUT_SYSTEM,
  TRIAGE_OUTCOMES,
  TRIAGE_OUTCOME_OUTPUT,
  TRIAGE_OUTCOME_SYSTEM,
  TaskKind,
  TriageOutcome,
  referralAnswerConcept,
  withTaskKind,
} from '@app/fhir';
import { osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { addWorkingDays } from '../../apps/api/src/common/calendar/working-days';
import { searchParameterRegistry, tableNameOf } from '../../apps/api/src/fhir/search/search-parameter.registry';
import { searchColumnsDdl } from '../../apps/api/src/fhir/store/fhir-schema.ddl';
import { referencedTargets } from '../../apps/api/src/fhir/store/reference-checker';
import { claimedIdentifiers, rowWriteParams } from '../../apps/api/src/fhir/store/resource-row.sql';
import { mulberry32 } from '../seed/seeded-random';
import { HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM, LOW_THRESHOLD_SERVICE_ID, ORGANIZATION_TYPE_SYSTEM, OrganizationTypeCode, PRACTITIONER_ROLE_CODE_SYSTEM } from '../seed/directory-codes';
import { log } from './bench-environment';

export const BENCH_REFERRALS = 100_000;
const BENCH_REFERRAL_PATIENTS = 20_000;
const REFERRAL_PREFIX = 'bench-ref-';
const PATIENT_PREFIX = 'bench-rpatient-';
/** The municipal mental-health low-threshold team: the second service, of an organisation of its own (the demo user `lowthreshold` does not act for it). */
export const MENTAL_HEALTH_SERVICE = 'HealthcareService/bench-lavterskel-psykisk';
const MENTAL_HEALTH_ORG = 'Organization/bench-lavterskel-psykisk';
/** Rows per INSERT: each binds the search columns of its resources, within PostgreSQL's 65,535 parameters. */
const CHUNK = 1_000;
const DAY = 86_400_000;
const YEAR_MS = 365 * DAY;
/** Routed cases of the last twelve weeks are still open (a service running behind: thousands in its queue). */
const OPEN_TRIAGE_MS = 12 * 7 * DAY;
/** Referrals received in the last three weeks may still await the hospital's answer. */
const UNANSWERED_WINDOW_MS = 21 * DAY;
const REASON_TEXTS = [
  'Vedvarende angst og søvnvansker, ønsker vurdering',
  'Depressive plager over tid, lite effekt av tiltak i allmennpraksis',
  'Uavklarte brystsmerter ved anstrengelse',
  'Vekttap og nedsatt allmenntilstand, ønsker utredning',
  'Kroniske ryggsmerter med utstråling til bein',
  'Tungpust ved lett anstrengelse, spirometri avvikende',
];

export interface ReferralWorld {
  /** The coordinator's unit (`Organization/<id>`): its unanswered referrals are the ones the benchmark rejects. */
  benchUnit: string;
  psychiatricUnit: string;
  units: string[];
  /** The seeded low-threshold service the demo user `lowthreshold` works for (`HealthcareService/<id>`). */
  generalService: string;
  mentalHealthService: string;
  gps: string[];
  ruleSetVersion: number;
  /** Open cases in the general service's queue when loaded. */
  openInGeneralQueue: number;
}

/** The rules the benchmark's world is routed by: the psychiatric unit's rejections to the mental-health team, the rest to the general service. */
export function benchRoutingRules(world: Pick<ReferralWorld, 'psychiatricUnit' | 'generalService' | 'mentalHealthService'>): RoutingRule[] {
  return [
    { id: 'psykisk-helse', description: 'Avslag fra psykiatrien til lavterskel psykisk helse', hospitalUnits: [world.psychiatricUnit], routeTo: world.mentalHealthService },
    { id: 'alle', description: 'Alle andre avslag', routeTo: world.generalService },
  ];
}

/** Writes resources of one type as FhirStore's create does (row with search columns, history, identifiers, references), keeping their ids. */
export async function insertResourceRows(client: Pool | PoolClient, resources: Resource[], baseUrl: string, lastUpdated: string): Promise<void> {
  if (!resources.length) return;
  const resourceType = resources[0].resourceType;
  const table = tableNameOf(resourceType);
  const columns = searchParameterRegistry.columnsOf(resourceType).flatMap((column) => searchColumnsDdl(table, column));
  for (let from = 0; from < resources.length; from += CHUNK) {
    const values: unknown[] = [resourceType, lastUpdated];
    const rows: string[] = [];
    const history: string[] = [];
    const claims = { ids: [] as string[], systems: [] as string[], values: [] as string[] };
    const references = { ids: [] as string[], targets: [] as string[] };
    for (const given of resources.slice(from, from + CHUNK)) {
      const resource = { ...given, meta: { versionId: '1', lastUpdated } };
      const [id, , , json, , ...search] = rowWriteParams(resource, 1, lastUpdated, baseUrl);
      const at = values.length;
      values.push(id, json, ...search);
      rows.push(`($${at + 1}, 1, $2::timestamptz, $${at + 2}::jsonb${columns.map((column, i) => `, $${at + 3 + i}::${column.sqlType}`).join('')})`);
      history.push(`($1, $${at + 1}, 1, $2::timestamptz, 'create', $${at + 2}::jsonb)`);
      const claimed = claimedIdentifiers(resource);
      claimed.systems.forEach((system, i) => {
        claims.ids.push(resource.id!);
        claims.systems.push(system);
        claims.values.push(claimed.values[i]);
      });
      for (const target of referencedTargets(resource, baseUrl)) {
        references.ids.push(resource.id!);
        references.targets.push(target);
      }
    }
    const [ids, systems, identifierValues, sources, targets] = [claims.ids, claims.systems, claims.values, references.ids, references.targets].map((array) => `$${values.push(array)}::text[]`);
    await client.query(
      `WITH rows AS (
         INSERT INTO "${table}" (id, version_id, last_updated, resource${columns.map((column) => `, "${column.column}"`).join('')}) VALUES ${rows.join(', ')}
       ), history AS (
         INSERT INTO fhir_history (resource_type, id, version_id, last_updated, method, resource) VALUES ${history.join(', ')}
       ), identifiers AS (
         INSERT INTO fhir_identifier (resource_type, system, value, resource_id) SELECT $1, s, v, i FROM unnest(${systems}, ${identifierValues}, ${ids}) AS claimed(s, v, i)
       ), refs AS (
         INSERT INTO fhir_reference (source_type, source_id, target) SELECT $1, s, t FROM unnest(${sources}, ${targets}) AS linked(s, t)
       ) SELECT 1`,
      values,
    );
  }
}

/** A `referral_case` row as the referral and triage write rules leave it. */
interface CaseRow {
  referral_task_id: string;
  service_request_id: string;
  patient: string;
  hospital_unit: string;
  hospital: string | null;
  referrer: string;
  status: string;
  answer: string | null;
  rejection_reason: string | null;
  urgent: boolean;
  objected: boolean;
  sent_at: string;
  received_at: string;
  assessment_deadline: string;
  answered_at: string | null;
  triage_task_id: string | null;
  service: string | null;
  routing_rule: string | null;
  routed_at: string | null;
  triage_deadline: string | null;
  triage_status: string | null;
  claimed_at: string | null;
  triaged_at: string | null;
  outcome: string | null;
}

const CASE_COLUMNS: Array<[keyof CaseRow, string]> = [
  ['referral_task_id', 'text'], ['service_request_id', 'text'], ['patient', 'text'], ['hospital_unit', 'text'], ['hospital', 'text'], ['referrer', 'text'],
  ['status', 'text'], ['answer', 'text'], ['rejection_reason', 'text'], ['urgent', 'boolean'], ['objected', 'boolean'], ['sent_at', 'timestamptz'],
  ['received_at', 'timestamptz'], ['assessment_deadline', 'date'], ['answered_at', 'timestamptz'], ['triage_task_id', 'text'], ['service', 'text'],
  ['routing_rule', 'text'], ['routed_at', 'timestamptz'], ['triage_deadline', 'date'], ['triage_status', 'text'], ['claimed_at', 'timestamptz'],
  ['triaged_at', 'timestamptz'], ['outcome', 'text'],
];

async function insertCases(client: Pool | PoolClient, cases: CaseRow[]): Promise<void> {
  for (let from = 0; from < cases.length; from += 5_000) {
    const chunk = cases.slice(from, from + 5_000);
    await client.query(
      `INSERT INTO referral_case (${CASE_COLUMNS.map(([name]) => name).join(', ')}, updated_at)
       SELECT *, now() FROM unnest(${CASE_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`,
      CASE_COLUMNS.map(([name]) => chunk.map((row) => row[name])),
    );
  }
}

/** What one referral of the world is: its unit, answer and (when rejected) its triage, from its number alone. */
export interface ReferralPlan {
  unit: number;
  answer: ReferralAnswer | 'cancelled' | null;
  reason?: RejectionReason;
  objected: boolean;
  urgent: boolean;
}

/** Rejection share per unit (index in {@link ReferralWorld.units}): the psychiatric unit about a quarter, the others fewer; a fifth in all. */
const REJECTED_SHARE = [0.18, 0.28, 0.16, 0.16];
/** The units' shares of the referrals. */
const UNIT_SHARE = [0.3, 0.3, 0.2, 0.2];
const REASONS: RejectionReason[] = [RejectionReason.NotPrioritised, RejectionReason.PrimaryCare, RejectionReason.PrimaryCare, RejectionReason.InsufficientInformation, RejectionReason.Other];

export function referralPlan(g: number, ageMs: number): ReferralPlan {
  const random = mulberry32(g * 2_654_435_761);
  const u = random();
  const unit = u < UNIT_SHARE[0] ? 0 : u < UNIT_SHARE[0] + UNIT_SHARE[1] ? 1 : u < 0.8 ? 2 : 3;
  const urgent = random() < 0.08;
  const objected = random() < 0.05;
  // Recent referrals mostly await their answer (ten working days to answer); older ones were answered.
  if (ageMs < UNANSWERED_WINDOW_MS && random() < 1 - ageMs / UNANSWERED_WINDOW_MS) return { unit, answer: null, objected, urgent };
  if (random() < 0.02) return { unit, answer: 'cancelled', objected, urgent };
  if (random() < REJECTED_SHARE[unit]) return { unit, answer: ReferralAnswer.Rejected, reason: REASONS[Math.floor(random() * REASONS.length)], objected, urgent };
  const a = random();
  const answer = a < 0.45 ? ReferralAnswer.CalledIn : a < 0.8 ? ReferralAnswer.RightToCare : a < 0.9 ? ReferralAnswer.Forwarded : ReferralAnswer.AdviceToReferrer;
  return { unit, answer, objected, urgent };
}

const OUTCOMES: TriageOutcome[] = [
  TriageOutcome.MunicipalService, TriageOutcome.MunicipalService, TriageOutcome.SecondAssessment, TriageOutcome.ComplaintGuidance,
  TriageOutcome.ReferredElsewhere, TriageOutcome.NoNeed, TriageOutcome.NotReached,
];

interface Parties {
  units: string[];
  hospitals: Array<string | null>;
  gps: string[];
  services: { general: string; mentalHealth: string };
  rules: RoutingRule[];
  ruleSetVersion: number;
}

/** One referral: its ServiceRequest, its Task, its case row, and its triage Task when routed. */
export function referralResources(g: number, idPrefix: string, sentAt: Date, answeredAfterMs: number, plan: ReferralPlan, parties: Parties, now: Date) {
  const random = mulberry32(g * 40_503 + 17);
  const id = `${idPrefix}${g}`;
  const patient = `Patient/${PATIENT_PREFIX}${g % BENCH_REFERRAL_PATIENTS}`;
  const gp = parties.gps[g % parties.gps.length];
  const unit = parties.units[plan.unit];
  const priority = plan.urgent ? 'urgent' : 'routine';
  const received = new Date(sentAt.getTime() + 60_000);
  const assessmentDeadline = addWorkingDays(osloDate(received), 10);
  const serviceRequest: Resource = {
    resourceType: 'ServiceRequest',
    id,
    status: plan.answer === 'cancelled' ? 'revoked' : 'active',
    intent: 'order',
    priority,
    subject: { reference: patient },
    requester: { reference: gp },
    performer: [{ reference: unit }],
    authoredOn: sentAt.toISOString(),
    reasonCode: [{ text: REASON_TEXTS[g % REASON_TEXTS.length] }],
    ...(plan.objected ? { extension: [{ url: PATIENT_OBJECTS_TO_CONTACT_EXTENSION, valueBoolean: true }] } : {}),
  };
  const answeredAt = plan.answer ? new Date(Math.min(now.getTime() - 60 * 60_000, received.getTime() + answeredAfterMs)) : undefined;
  const status = plan.answer === 'cancelled' ? 'cancelled' : plan.answer ? REFERRAL_ANSWERS[plan.answer].taskStatus : 'requested';
  const answer = plan.answer && plan.answer !== 'cancelled' ? plan.answer : null;
  const closed = status === 'completed' || status === 'rejected' || status === 'cancelled';
  const task: Resource = withTaskKind(
    {
      resourceType: 'Task',
      id,
      status,
      intent: 'order',
      priority,
      focus: { reference: `ServiceRequest/${id}` },
      basedOn: [{ reference: `ServiceRequest/${id}` }],
      for: { reference: patient },
      requester: { reference: gp },
      owner: { reference: unit },
      authoredOn: sentAt.toISOString(),
      restriction: { period: { start: received.toISOString(), end: assessmentDeadline } },
      ...(answer ? { businessStatus: referralAnswerConcept(answer) } : {}),
      ...(plan.reason
        ? { statusReason: { coding: [{ system: REJECTION_REASON_SYSTEM, code: plan.reason, display: REJECTION_REASONS[plan.reason].display }], ...(plan.reason === RejectionReason.Other ? { text: 'Henvisningen gjelder forhold vi ikke vurderer' } : {}) } }
        : {}),
      ...(closed && answeredAt ? { executionPeriod: { end: answeredAt.toISOString() } } : {}),
    },
    TaskKind.ReferralFulfilment,
  );
  const row: CaseRow = {
    referral_task_id: id,
    service_request_id: id,
    patient,
    hospital_unit: unit,
    hospital: parties.hospitals[plan.unit],
    referrer: gp,
    status,
    answer,
    rejection_reason: plan.reason ?? null,
    urgent: plan.urgent,
    objected: plan.objected,
    sent_at: sentAt.toISOString(),
    received_at: received.toISOString(),
    assessment_deadline: assessmentDeadline,
    answered_at: answer && answeredAt ? answeredAt.toISOString() : null,
    triage_task_id: null,
    service: null,
    routing_rule: null,
    routed_at: null,
    triage_deadline: null,
    triage_status: null,
    claimed_at: null,
    triaged_at: null,
    outcome: null,
  };
  let triage: Resource | undefined;
  if (status === 'rejected' && !plan.objected && answeredAt) {
    const rule = parties.rules.find((candidate) => !candidate.hospitalUnits?.length || candidate.hospitalUnits.includes(unit))!;
    const triageDeadline = addWorkingDays(osloDate(answeredAt), rule.triageWorkingDays ?? 5);
    const open = now.getTime() - answeredAt.getTime() < OPEN_TRIAGE_MS;
    const r = random();
    const triageStatus = open ? (r < 0.75 ? 'requested' : 'in-progress') : r < 0.96 ? 'completed' : 'cancelled';
    const claimedAt = triageStatus === 'requested' ? undefined : new Date(Math.min(now.getTime() - 60_000, answeredAt.getTime() + (1 + Math.floor(random() * 72)) * 3_600_000));
    const triagedAt = triageStatus === 'completed' || triageStatus === 'cancelled' ? new Date(Math.min(now.getTime() - 60_000, claimedAt!.getTime() + (1 + Math.floor(random() * 96)) * 3_600_000)) : undefined;
    const outcome = triageStatus === 'completed' ? OUTCOMES[Math.floor(random() * OUTCOMES.length)] : undefined;
    const triageId = `${idPrefix}triage-${g}`;
    triage = withTaskKind(
      {
        resourceType: 'Task',
        id: triageId,
        status: triageStatus,
        intent: 'order',
        priority,
        description: 'Avslått henvisning til vurdering i lavterskeltilbudet',
        for: { reference: patient },
        focus: { reference: `ServiceRequest/${id}` },
        basedOn: [{ reference: `ServiceRequest/${id}` }, { reference: `Task/${id}` }],
        requester: { reference: gp },
        owner: { reference: rule.routeTo },
        authoredOn: answeredAt.toISOString(),
        restriction: { period: { end: triageDeadline } },
        extension: [
          { url: ROUTED_BY_RULE_EXTENSION, valueString: `${parties.ruleSetVersion}/${rule.id}` },
          ...(claimedAt ? [{ url: CLAIMED_BY_EXTENSION, valueReference: { display: 'Liv Lavterskel', identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.4', value: '9144907' } } }] : []),
        ],
        ...(claimedAt && triageStatus !== 'cancelled'
          ? {
              note: [
                {
                  time: new Date(claimedAt.getTime() + 30 * 60_000).toISOString(),
                  text: 'Ringte pasienten',
                  authorString: 'Liv Lavterskel',
                  extension: [{ url: CONTACT_ATTEMPT_EXTENSION, valueCoding: { system: CONTACT_ATTEMPT_RESULT_SYSTEM, code: outcome === TriageOutcome.NotReached ? 'not-reached' : 'reached' } }],
                },
              ],
            }
          : {}),
        ...(outcome
          ? {
              output: [
                {
                  type: { coding: [{ system: TASK_OUTPUT_SYSTEM, code: TRIAGE_OUTCOME_OUTPUT }] },
                  valueCodeableConcept: { coding: [{ system: TRIAGE_OUTCOME_SYSTEM, code: outcome, display: TRIAGE_OUTCOMES[outcome].display }], ...(TRIAGE_OUTCOMES[outcome].needsText ? { text: 'Psykisk helse-team i bydelen' } : {}) },
                },
              ],
            }
          : {}),
      },
      TaskKind.LowThresholdTriage,
    );
    Object.assign(row, {
      triage_task_id: triageId,
      service: rule.routeTo,
      routing_rule: `${parties.ruleSetVersion}/${rule.id}`,
      routed_at: answeredAt.toISOString(),
      triage_deadline: triageDeadline,
      triage_status: triageStatus,
      claimed_at: claimedAt?.toISOString() ?? null,
      triaged_at: triagedAt?.toISOString() ?? null,
      outcome: outcome ?? null,
    });
  }
  return { serviceRequest, task, triage, row };
}

async function refs(pool: Pool, sql: string, params: unknown[] = []): Promise<string[]> {
  return (await pool.query<{ ref: string }>(sql, params)).rows.map((row) => row.ref);
}

/** The seeded directory's parties the world uses, the second service, and the routing rules (a new version when the stored one differs). */
async function ensureParties(pool: Pool, baseUrl: string, benchUnit: string, lastUpdated: string): Promise<Parties> {
  const type = (code: string) => JSON.stringify([{ coding: [{ system: ORGANIZATION_TYPE_SYSTEM, code }] }]);
  const units = await refs(pool, `SELECT 'Organization/' || id AS ref FROM fhir_organization WHERE resource->'type' @> $1::jsonb ORDER BY resource->>'name'`, [type(OrganizationTypeCode.HospitalUnit)]);
  const psychiatric = await refs(pool, `SELECT 'Organization/' || id AS ref FROM fhir_organization WHERE resource->'type' @> $1::jsonb AND resource->>'name' LIKE 'Psykiatrisk%'`, [type(OrganizationTypeCode.HospitalUnit)]);
  const others = units.filter((unit) => unit !== benchUnit && !psychiatric.includes(unit));
  if (!units.includes(benchUnit) || !psychiatric.length || others.length < 2) throw new Error('the seeded directory lacks the hospital units the referrals benchmark spreads over');
  const chosen = [benchUnit, psychiatric[0], others[0], others[others.length - 1]];
  const { rows: hospitals } = await pool.query<{ ref: string; hospital: string | null }>(`SELECT 'Organization/' || id AS ref, sp_partof AS hospital FROM fhir_organization WHERE 'Organization/' || id = ANY($1::text[])`, [chosen]);
  const gps = await refs(pool, `SELECT 'PractitionerRole/' || id AS ref FROM fhir_practitioner_role WHERE resource->'code' @> $1::jsonb ORDER BY id`, [JSON.stringify([{ coding: [{ system: PRACTITIONER_ROLE_CODE_SYSTEM, code: 'gp' }] }])]);
  const [general] = await refs(pool, `SELECT 'HealthcareService/' || id AS ref FROM fhir_healthcare_service WHERE resource->'identifier' @> $1::jsonb`, [JSON.stringify([{ system: HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM, value: LOW_THRESHOLD_SERVICE_ID }])]);
  if (!gps.length || !general) throw new Error('the seeded directory lacks GPs or the low-threshold service');
  const { rows: municipality } = await pool.query<{ ref: string }>(
    `SELECT o.resource->'partOf'->>'reference' AS ref FROM fhir_healthcare_service s JOIN fhir_organization o ON 'Organization/' || o.id = s.resource->'providedBy'->>'reference' WHERE 'HealthcareService/' || s.id = $1`,
    [general],
  );
  const { rowCount } = await pool.query(`SELECT 1 FROM fhir_healthcare_service WHERE id = $1`, [MENTAL_HEALTH_SERVICE.split('/')[1]]);
  if (!rowCount) {
    await insertResourceRows(pool, [{
      resourceType: 'Organization',
      id: MENTAL_HEALTH_ORG.split('/')[1],
      active: true,
      name: 'Lavterskel psykisk helse, Bergen kommune',
      type: [{ coding: [{ system: ORGANIZATION_TYPE_SYSTEM, code: OrganizationTypeCode.LowThresholdService }] }],
      ...(municipality[0]?.ref ? { partOf: { reference: municipality[0].ref } } : {}),
    }], baseUrl, lastUpdated);
    await insertResourceRows(pool, [{
      resourceType: 'HealthcareService',
      id: MENTAL_HEALTH_SERVICE.split('/')[1],
      active: true,
      providedBy: { reference: MENTAL_HEALTH_ORG },
      type: [{ coding: [{ system: ORGANIZATION_TYPE_SYSTEM, code: OrganizationTypeCode.LowThresholdService }] }],
      name: 'Lavterskel psykisk helse',
    }], baseUrl, lastUpdated);
  }
  const services = { general, mentalHealth: MENTAL_HEALTH_SERVICE };
  const rules = benchRoutingRules({ psychiatricUnit: chosen[1], generalService: general, mentalHealthService: MENTAL_HEALTH_SERVICE });
  const { rows: current } = await pool.query<{ version: number; rules: RoutingRule[] }>(`SELECT version, rules FROM referral_routing_rule_set ORDER BY version DESC LIMIT 1`);
  let ruleSetVersion = current[0]?.version ?? 0;
  if (JSON.stringify(current[0]?.rules) !== JSON.stringify(rules)) {
    ruleSetVersion += 1;
    await pool.query(`INSERT INTO referral_routing_rule_set (version, rules, changed_by, comment) VALUES ($1, $2::jsonb, 'bench', 'Referrals benchmark: psychiatry to the mental-health team, the rest to the general service')`, [ruleSetVersion, JSON.stringify(rules)]);
  }
  return { units: chosen, hospitals: chosen.map((unit) => hospitals.find((row) => row.ref === unit)?.hospital ?? null), gps, services, rules, ruleSetVersion };
}

async function ensurePatients(pool: Pool, baseUrl: string, gps: string[], lastUpdated: string): Promise<void> {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM fhir_patient WHERE id LIKE $1`, [`${PATIENT_PREFIX}%`]);
  if (Number(rows[0].n) >= BENCH_REFERRAL_PATIENTS) return;
  if (Number(rows[0].n) > 0) throw new Error('a partly loaded referrals world is in the way: run with --fresh');
  const given = ['Kari', 'Ola', 'Ingrid', 'Lars', 'Sigrid', 'Nils', 'Marit', 'Jon', 'Liv', 'Per'];
  const family = ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Berge', 'Haugland', 'Nygård', 'Solberg', 'Vik'];
  const patients: Resource[] = Array.from({ length: BENCH_REFERRAL_PATIENTS }, (_, g) => ({
    resourceType: 'Patient',
    id: `${PATIENT_PREFIX}${g}`,
    active: true,
    name: [{ use: 'official', family: family[(g * 7) % family.length], given: [given[g % given.length]] }],
    gender: g % 2 ? 'female' : 'male',
    birthDate: new Date(Date.UTC(1940, 0, 1) + ((g * 7_919) % 25_000) * DAY).toISOString().slice(0, 10),
    generalPractitioner: [{ reference: gps[g % gps.length] }],
  }));
  await insertResourceRows(pool, patients, baseUrl, lastUpdated);
}

async function loadReferrals(pool: Pool, baseUrl: string, parties: Parties, numbers: number[], idPrefix: string, sentAtOf: (g: number) => Date, planOf: (g: number, ageMs: number) => ReferralPlan, now: Date): Promise<void> {
  const lastUpdated = now.toISOString();
  for (let from = 0; from < numbers.length; from += 10 * CHUNK) {
    const requests: Resource[] = [];
    const tasks: Resource[] = [];
    const triages: Resource[] = [];
    const cases: CaseRow[] = [];
    for (const g of numbers.slice(from, from + 10 * CHUNK)) {
      const sentAt = sentAtOf(g);
      const plan = planOf(g, now.getTime() - sentAt.getTime());
      const answeredAfterMs = (1 + (g % 10)) * DAY + (g % 7) * 3_600_000;
      const made = referralResources(g, idPrefix, sentAt, answeredAfterMs, plan, parties, now);
      requests.push(made.serviceRequest);
      tasks.push(made.task);
      if (made.triage) triages.push(made.triage);
      cases.push(made.row);
    }
    await insertResourceRows(pool, requests, baseUrl, lastUpdated);
    await insertResourceRows(pool, [...tasks, ...triages], baseUrl, lastUpdated);
    await insertCases(pool, cases);
    if (numbers.length > 10 * CHUNK) log(`  referrals ${Math.min(numbers.length, from + 10 * CHUNK).toLocaleString('en')}/${numbers.length.toLocaleString('en')}`);
  }
}

/** Loads the world unless a complete one is there; answers what the measurements need of it. */
export async function ensureReferralWorld(databaseUrl: string, baseUrl: string, benchUnit: string, now = new Date()): Promise<ReferralWorld> {
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  try {
    const lastUpdated = now.toISOString();
    const parties = await ensureParties(pool, baseUrl, benchUnit, lastUpdated);
    await ensurePatients(pool, baseUrl, parties.gps, lastUpdated);
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM referral_case WHERE referral_task_id LIKE $1 AND referral_task_id NOT LIKE $2`, [`${REFERRAL_PREFIX}%`, `${REFERRAL_PREFIX}run-%`]);
    const have = Number(rows[0].n);
    if (have !== BENCH_REFERRALS) {
      if (have > 0) throw new Error('a partly loaded referrals world is in the way: run with --fresh');
      const started = Date.now();
      log(`loading ${BENCH_REFERRALS.toLocaleString('en')} referrals (ServiceRequest + Task + referral_case, a fifth rejected and routed with their triage Tasks)`);
      // Referral g was sent (N - g)/N of a year ago: rows lie in the tables in the order they were sent.
      const numbers = Array.from({ length: BENCH_REFERRALS }, (_, i) => i + 1);
      await loadReferrals(pool, baseUrl, parties, numbers, REFERRAL_PREFIX, (g) => new Date(now.getTime() - 2 * 3_600_000 - Math.floor(((BENCH_REFERRALS - g) * YEAR_MS) / BENCH_REFERRALS)), referralPlan, now);
      log('vacuuming and analysing the loaded tables');
      await pool.query('VACUUM (ANALYZE) fhir_task, fhir_service_request, fhir_patient, referral_case, fhir_reference, fhir_history');
      log(`referrals: loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else {
      log(`referrals: reusing ${have.toLocaleString('en')} loaded referrals`);
    }
    const { rows: open } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM referral_case WHERE service = $1 AND triage_status IN ('requested', 'in-progress')`, [parties.services.general]);
    return {
      benchUnit,
      psychiatricUnit: parties.units[1],
      units: parties.units,
      generalService: parties.services.general,
      mentalHealthService: parties.services.mentalHealth,
      gps: parties.gps,
      ruleSetVersion: parties.ruleSetVersion,
      openInGeneralQueue: Number(open[0].n),
    };
  } finally {
    await pool.end();
  }
}

/**
 * This run's unanswered referrals sent to the bench unit (sent an hour ago, received, routine, no
 * objection), `count` of them under `idPrefix`: the ones the benchmark (or its raw SQL baseline) rejects.
 */
export async function loadUnansweredReferrals(databaseUrl: string, baseUrl: string, world: ReferralWorld, idPrefix: string, count: number, now = new Date()): Promise<string[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const { rows: hospitals } = await pool.query<{ hospital: string | null }>(`SELECT sp_partof AS hospital FROM fhir_organization WHERE 'Organization/' || id = $1`, [world.benchUnit]);
    const parties: Parties = {
      units: [world.benchUnit],
      hospitals: [hospitals[0]?.hospital ?? null],
      gps: world.gps,
      services: { general: world.generalService, mentalHealth: world.mentalHealthService },
      rules: benchRoutingRules(world),
      ruleSetVersion: world.ruleSetVersion,
    };
    const numbers = Array.from({ length: count }, (_, i) => i + 1);
    await loadReferrals(pool, baseUrl, parties, numbers, idPrefix, () => new Date(now.getTime() - 3_600_000), () => ({ unit: 0, answer: null, objected: false, urgent: false }), now);
    // Settled as autovacuum leaves a table between bursts: the visibility map lets index-only scans skip the heap.
    await pool.query('VACUUM (ANALYZE) referral_case');
    return numbers.map((g) => `${idPrefix}${g}`);
  } finally {
    await pool.end();
  }
}

export const RUN_PREFIX = `${REFERRAL_PREFIX}run-`;
