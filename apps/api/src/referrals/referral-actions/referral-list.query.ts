import { Injectable } from '@nestjs/common';
import { ReferralPage, ReferralSummary } from '@app/fhir/api/referral-answers';
import { AccessPolicy } from '../../access/access-policy';
import { AuditEntry } from '../../audit/audit-trail.service';
import { osloDate } from '../../common/calendar/oslo-calendar';
import { Database, SqlClient } from '../../database/sql-client';
import { SqlParams } from '../../fhir/search/search-sql.builder';
import { QueryParams, readPaging, refuseUnknownParams } from '../../http/query-params';
import { ReferralRow, summarizeReferral } from './referral-summary';

const NEWEST_FIRST = 'sent_at DESC, referral_task_id DESC';

/** Audit entries for referrals the caller was shown: the referral Task and its patient. */
export function referralAudit(referrals: readonly ReferralSummary[], subtype: 'read' | 'search-type', query?: string): AuditEntry[] {
  return referrals.map((referral) => ({
    subtype,
    entity: { type: 'Task', id: referral.id, version: referral.version },
    patient: referral.patient ? `Patient/${referral.patient.id}` : undefined,
    ...(query ? { query } : {}),
  }));
}

/**
 * Which referrals the caller has, as a condition on `referral_case` (alias `c`): a GP the ones they
 * sent (the referrer is one of their PractitionerRoles), the hospital side the ones sent to a unit it
 * acts for. Everyone else none. This is the access policy's rule for the referral Task (its requester
 * or its owner), asked of the projection's indexed columns.
 */
export function referralsOfCallerSql(caller: AccessPolicy, params: SqlParams): string {
  const anyOf = (column: string, references: string[]) =>
    // One reference (a GP's one role) as an equality, so the index is read newest first and a page stops after its rows.
    references.length === 1 ? `${column} = ${params.add(references[0])}` : `${column} = ANY(${params.add(references)}::text[])`;
  if (caller.role === 'gp') return anyOf('c.referrer', caller.scope.practitionerRoles);
  if (caller.role === 'coordinator' || caller.role === 'system') return anyOf('c.hospital_unit', [...caller.scope.actsFor].filter((reference) => reference.startsWith('Organization/')));
  return 'FALSE';
}

/**
 * The referrals of one page with everything their summaries show, in one statement: the page is chosen
 * from `referral_case` first (referrer or hospital unit index, newest first, so an early page stops
 * early; the total is its own count over the same condition), then only its rows meet their Task,
 * ServiceRequest, patient, names and triage Task, each by primary key.
 */
function pageSql(where: string, order: string, limits: string): string {
  // The page is chosen by its keys alone (a narrow sort that stays in memory however long the list), then its rows are read.
  return `WITH chosen AS (
      SELECT c.referral_task_id FROM referral_case c WHERE ${where} ORDER BY ${order} ${limits}
    ), page AS (
      SELECT c.* FROM chosen JOIN referral_case c ON c.referral_task_id = chosen.referral_task_id
    )
    SELECT page.referral_task_id, page.service_request_id, page.patient, page.hospital_unit, page.referrer, page.status, page.answer,
           page.rejection_reason, page.urgent, page.objected, page.sent_at, page.received_at, page.assessment_deadline::text AS assessment_deadline,
           page.answered_at, page.triage_task_id, page.service, page.routed_at, page.triage_deadline::text AS triage_deadline, page.triage_status,
           page.triaged_at, page.outcome, page.updated_at,
           (SELECT count(*) FROM referral_case c WHERE ${where})::int AS total,
           t.version_id AS version, t.resource->'statusReason' AS status_reason,
           sr.resource->'reasonCode'->0->>'text' AS reason_text,
           p.id AS patient_id, p.resource->'name' AS patient_name, p.resource->>'birthDate' AS birth_date,
           u.resource->>'name' AS unit_name,
           coalesce(pr.resource->'practitioner'->>'display',
                    nullif(coalesce(pp.resource->'name'->0->>'text', concat_ws(' ', pp.resource->'name'->0->'given'->>0, pp.resource->'name'->0->>'family')), '')) AS referrer_name,
           s.resource->>'name' AS service_name,
           tt.resource->'extension' AS triage_extension, tt.resource->'output' AS triage_output
      FROM page
      JOIN fhir_task t ON t.id = page.referral_task_id
      LEFT JOIN fhir_service_request sr ON sr.id = page.service_request_id
      LEFT JOIN fhir_patient p ON page.patient LIKE 'Patient/%' AND p.id = substr(page.patient, 9)
      LEFT JOIN fhir_organization u ON page.hospital_unit LIKE 'Organization/%' AND u.id = substr(page.hospital_unit, 14)
      LEFT JOIN fhir_practitioner_role pr ON page.referrer LIKE 'PractitionerRole/%' AND pr.id = substr(page.referrer, 18)
      LEFT JOIN fhir_practitioner pp ON pr.sp_practitioner LIKE 'Practitioner/%' AND pp.id = substr(pr.sp_practitioner, 14)
      LEFT JOIN fhir_healthcare_service s ON page.service LIKE 'HealthcareService/%' AND s.id = substr(page.service, 19)
      LEFT JOIN fhir_task tt ON tt.id = page.triage_task_id
     ORDER BY ${order.replace(/\b(sent_at|referral_task_id)\b/g, 'page.$1')}`;
}

/**
 * The GP's "Mine henvisninger" and the hospital unit's received referrals: one statement a page, from
 * the `referral_case` projection the write rules keep, never a statement per row.
 */
@Injectable()
export class ReferralListQuery {
  constructor(private readonly database: Database) {}

  async list(caller: AccessPolicy, query: QueryParams, now = new Date()): Promise<ReferralPage> {
    refuseUnknownParams(query, ['page', 'pageSize']);
    const { page, pageSize } = readPaging(query, { fallback: 20, max: 100 });
    const params = new SqlParams();
    const where = referralsOfCallerSql(caller, params);
    const limits = `LIMIT ${params.add(pageSize)} OFFSET ${params.add((page - 1) * pageSize)}`;
    const { rows } = await this.database.query<ReferralRow & { total: number }>(pageSql(where, NEWEST_FIRST, limits), params.values, { prepared: true });
    const total = rows[0]?.total ?? (page === 1 ? 0 : await this.count(where, params));
    const today = osloDate(now);
    return { total, page, pageSize, referrals: rows.map((row) => summarizeReferral(row, today)) };
  }

  /** One referral Task as the caller has it, or undefined when it is not one of theirs (or not a referral). */
  async one(caller: AccessPolicy, id: string, client: SqlClient = this.database, now = new Date()): Promise<ReferralSummary | undefined> {
    const params = new SqlParams();
    const where = `c.referral_task_id = ${params.add(id)} AND ${referralsOfCallerSql(caller, params)}`;
    // Prepared: the statement is planned once per connection (a custom plan of its joins cost more than the run, after every answer).
    const { rows } = await client.query<ReferralRow>(pageSql(where, NEWEST_FIRST, ''), params.values, { prepared: true });
    return rows[0] && summarizeReferral(rows[0], osloDate(now));
  }

  /** A page past the end has no rows to carry the total: it is counted on its own. */
  private async count(where: string, params: SqlParams): Promise<number> {
    const values = params.values.slice(0, -2);
    const { rows } = await this.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM referral_case c WHERE ${where}`, values);
    return rows[0]?.n ?? 0;
  }
}
