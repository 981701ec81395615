import { Injectable } from '@nestjs/common';
import { TriageCaseDetail, TriageCasePage } from '@app/fhir/api/referral-answers';
import { AccessPolicy } from '../../access/access-policy';
import { osloDate } from '../../common/calendar/oslo-calendar';
import { DomainError } from '../../common/errors/domain-error';
import { Database, SqlClient } from '../../database/sql-client';
import { SqlParams } from '../../fhir/search/search-sql.builder';
import { QueryParams, queryText, readPaging, refuseUnknownParams } from '../../http/query-params';
import { TriageCaseRow, claimedByCallerJson, summarizeTriageCase, triageCaseDetail } from './triage-case';

export const TRIAGE_QUEUE_STATES = ['open', 'mine', 'closed'] as const;
export type TriageQueueState = (typeof TRIAGE_QUEUE_STATES)[number];

/** Earliest deadline first, urgent first within a day, then first routed first. */
const QUEUE_ORDER = 'c.triage_deadline, c.urgent DESC, c.routed_at, c.triage_task_id';
const CLOSED_ORDER = 'coalesce(c.triaged_at, c.updated_at) DESC, c.triage_task_id DESC';

/**
 * The cases of the caller's services: routed to a HealthcareService they act for, and never one whose
 * patient objected to being contacted (the routing creates none; this says so again where it is shown).
 */
function casesOfCallerSql(caller: AccessPolicy, params: SqlParams): string {
  if (caller.role !== 'lowthreshold') return 'FALSE';
  const services = [...caller.scope.actsFor].filter((reference) => reference.startsWith('HealthcareService/'));
  // A service is set only when a rejection was routed. One service (the usual case) as an equality, so the
  // queue index is read in deadline order and a page stops after its rows; `= ANY` would read them all.
  const service = services.length === 1 ? `c.service = ${params.add(services[0])}` : `c.service = ANY(${params.add(services)}::text[])`;
  return `${service} AND NOT c.objected`;
}

/**
 * One statement for a page of cases: the page is chosen from `referral_case` (the service + deadline
 * index for the open queue, read in its order, so an early page stops early; the total is its own count
 * over the same condition, not a window over every row); only "mine" looks into the triage Tasks, and
 * only into the service's open ones, for the claim Bro recorded in them. Then the page's rows meet their
 * Tasks, patient and names by primary key.
 */
function casesSql(where: string, order: string, limits: string): string {
  // The page is chosen by its keys alone (a narrow sort that stays in memory however long the list), then its rows are read.
  return `WITH chosen AS (
      SELECT c.referral_task_id FROM referral_case c WHERE ${where} ORDER BY ${order} ${limits}
    ), page AS (
      SELECT c.* FROM chosen JOIN referral_case c ON c.referral_task_id = chosen.referral_task_id
    )
    SELECT page.triage_task_id, page.referral_task_id, page.service_request_id, page.hospital_unit, page.referrer, page.urgent, page.rejection_reason,
           page.sent_at, page.routed_at, page.triage_deadline::text AS triage_deadline, page.triage_status, page.outcome,
           (SELECT count(*) FROM referral_case c WHERE ${where})::int AS total,
           tt.version_id AS version, tt.resource->'extension' AS triage_extension, tt.resource->'output' AS triage_output, tt.resource->'note' AS triage_note,
           t.resource->'statusReason' AS status_reason,
           sr.resource->'reasonCode'->0->>'text' AS reason_text,
           p.id AS patient_id, p.resource->'name' AS patient_name, p.resource->>'birthDate' AS birth_date,
           u.resource->>'name' AS unit_name,
           coalesce(pr.resource->'practitioner'->>'display',
                    nullif(coalesce(pp.resource->'name'->0->>'text', concat_ws(' ', pp.resource->'name'->0->'given'->>0, pp.resource->'name'->0->>'family')), '')) AS referrer_name
      FROM page
      JOIN fhir_task tt ON tt.id = page.triage_task_id
      LEFT JOIN fhir_task t ON t.id = page.referral_task_id
      LEFT JOIN fhir_service_request sr ON sr.id = page.service_request_id
      LEFT JOIN fhir_patient p ON page.patient LIKE 'Patient/%' AND p.id = substr(page.patient, 9)
      LEFT JOIN fhir_organization u ON page.hospital_unit LIKE 'Organization/%' AND u.id = substr(page.hospital_unit, 14)
      LEFT JOIN fhir_practitioner_role pr ON page.referrer LIKE 'PractitionerRole/%' AND pr.id = substr(page.referrer, 18)
      LEFT JOIN fhir_practitioner pp ON pr.sp_practitioner LIKE 'Practitioner/%' AND pp.id = substr(pr.sp_practitioner, 14)
     ORDER BY ${order.replace(/\bc\./g, 'page.')}`;
}

/** The low-threshold queue (open, mine, closed) and one case, from the `referral_case` projection. */
@Injectable()
export class TriageQueueQuery {
  constructor(private readonly database: Database) {}

  async list(caller: AccessPolicy, query: QueryParams, now = new Date()): Promise<TriageCasePage> {
    refuseUnknownParams(query, ['state', 'page', 'pageSize']);
    const state = queryText(query, 'state') ?? 'open';
    if (!(TRIAGE_QUEUE_STATES as readonly string[]).includes(state)) throw DomainError.badRequest(`state is one of ${TRIAGE_QUEUE_STATES.join(', ')}`, 'state');
    const { page, pageSize } = readPaging(query, { fallback: 20, max: 100 });
    const params = new SqlParams();
    const mine = () =>
      `c.triage_status = 'in-progress' AND EXISTS (SELECT 1 FROM fhir_task claimed WHERE claimed.id = c.triage_task_id AND claimed.resource->'extension' @> ${params.add(claimedByCallerJson(caller.principal))}::jsonb)`;
    const which: Record<TriageQueueState, () => string> = {
      open: () => `c.triage_status IN ('requested', 'in-progress')`,
      mine,
      closed: () => `c.triage_status IN ('completed', 'cancelled')`,
    };
    const where = `${casesOfCallerSql(caller, params)} AND ${which[state as TriageQueueState]()}`;
    const order = state === 'closed' ? CLOSED_ORDER : QUEUE_ORDER;
    const limits = `LIMIT ${params.add(pageSize)} OFFSET ${params.add((page - 1) * pageSize)}`;
    // Prepared: its ten joins took longer to plan (3–20 ms on a busy machine) than to run (about 2 ms).
    const { rows } = await this.database.query<TriageCaseRow & { total: number }>(casesSql(where, order, limits), params.values, { prepared: true });
    const total = rows[0]?.total ?? (page === 1 ? 0 : await this.count(where, params.values.slice(0, -2)));
    const today = osloDate(now);
    return { total, page, pageSize, cases: rows.map((row) => summarizeTriageCase(row, caller.principal, today)) };
  }

  /** One case of the caller's services, or undefined (not theirs, or no case). */
  async one(caller: AccessPolicy, triageTaskId: string, client: SqlClient = this.database, now = new Date()): Promise<TriageCaseDetail | undefined> {
    const params = new SqlParams();
    const where = `c.triage_task_id = ${params.add(triageTaskId)} AND ${casesOfCallerSql(caller, params)}`;
    const { rows } = await client.query<TriageCaseRow>(casesSql(where, QUEUE_ORDER, ''), params.values, { prepared: true });
    return rows[0] && triageCaseDetail(rows[0], caller.principal, osloDate(now));
  }

  private async count(where: string, values: unknown[]): Promise<number> {
    const { rows } = await this.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM referral_case c WHERE ${where}`, values);
    return rows[0]?.n ?? 0;
  }
}
