import { Injectable } from '@nestjs/common';
import {
  Resource,
  isUrgent,
  patientObjectsToContact,
  referenceOf,
  referralAnswerOf,
  rejectionOf,
  restrictionPeriodOf,
  triageOutcomeOf,
} from '@app/fhir';
import { DomainError } from '../common/errors/domain-error';
import { SqlClient } from '../database/sql-client';

/** One referral's row in `referral_case`, as the rules, lists, board and figures read it. */
export interface ReferralCaseRow {
  referral_task_id: string;
  service_request_id: string;
  patient: string;
  hospital_unit: string;
  hospital: string | null;
  referrer: string | null;
  status: string;
  answer: string | null;
  rejection_reason: string | null;
  urgent: boolean;
  objected: boolean;
  sent_at: Date;
  received_at: Date;
  assessment_deadline: string;
  answered_at: Date | null;
  triage_task_id: string | null;
  service: string | null;
  routing_rule: string | null;
  routed_at: Date | null;
  triage_deadline: string | null;
  triage_status: string | null;
  claimed_at: Date | null;
  triaged_at: Date | null;
  outcome: string | null;
}

/** Dates come back as YYYY-MM-DD text, as the deadlines are Oslo calendar days. */
const COLUMNS = `referral_task_id, service_request_id, patient, hospital_unit, hospital, referrer, status, answer, rejection_reason, urgent, objected,
  sent_at, received_at, assessment_deadline::text AS assessment_deadline, answered_at, triage_task_id, service, routing_rule, routed_at,
  triage_deadline::text AS triage_deadline, triage_status, claimed_at, triaged_at, outcome`;

/**
 * `referral_case`: one row per referral, kept by the referral and triage write rules in each write's
 * transaction, so a committed change is counted and listed at once and a rolled-back one never. The
 * unique triage Task per referral is what makes "routed twice" impossible, whatever the path.
 */
@Injectable()
export class ReferralCaseProjection {
  /** The referral Task as stored (with its ServiceRequest, read in the same transaction). */
  async recordReferral(client: SqlClient, task: Resource, serviceRequest: Resource | undefined): Promise<ReferralCaseRow> {
    const period = restrictionPeriodOf(task);
    const answer = referralAnswerOf(task) ?? null;
    const { rows } = await client.query<ReferralCaseRow>(
      `INSERT INTO referral_case (referral_task_id, service_request_id, patient, hospital_unit, hospital, referrer, status, answer, rejection_reason,
                                  urgent, objected, sent_at, received_at, assessment_deadline, answered_at, updated_at)
       VALUES ($1, $2, $3, $4, (SELECT sp_partof FROM fhir_organization WHERE 'Organization/' || id = $4), $5, $6, $7, $8, $9, $10, $11, $12, $13,
               CASE WHEN $7::text IS NULL THEN NULL ELSE now() END, now())
       ON CONFLICT (referral_task_id) DO UPDATE SET
         status = EXCLUDED.status, answer = EXCLUDED.answer, rejection_reason = EXCLUDED.rejection_reason, urgent = EXCLUDED.urgent,
         objected = EXCLUDED.objected, answered_at = CASE WHEN EXCLUDED.answer IS NULL THEN NULL ELSE coalesce(referral_case.answered_at, now()) END,
         updated_at = now()
       RETURNING ${COLUMNS}`,
      [
        task.id,
        (referenceOf(task.focus) ?? '').replace(/^ServiceRequest\//, ''),
        referenceOf(task.for),
        referenceOf(task.owner),
        referenceOf(task.requester) ?? null,
        task.status,
        answer,
        rejectionOf(task).reason ?? null,
        isUrgent(task) || isUrgent(serviceRequest),
        patientObjectsToContact(serviceRequest),
        typeof task.authoredOn === 'string' ? task.authoredOn : new Date().toISOString(),
        period.start,
        period.end,
      ],
    );
    return rows[0];
  }

  /** The rejection was routed to a triage Task; a referral is routed once (409 otherwise, and the transaction rolls back). */
  async recordRouting(client: SqlClient, referralTaskId: string, routed: { triageTaskId: string; service: string; rule: string; deadline: string }): Promise<void> {
    const { rowCount } = await client.query(
      `UPDATE referral_case SET triage_task_id = $2, service = $3, routing_rule = $4, routed_at = now(), triage_deadline = $5, triage_status = 'requested', updated_at = now()
        WHERE referral_task_id = $1 AND triage_task_id IS NULL`,
      [referralTaskId, routed.triageTaskId, routed.service, routed.rule, routed.deadline],
    );
    if (rowCount !== 1) throw DomainError.conflict(`Task/${referralTaskId} has already been routed to the low-threshold service`);
  }

  /** The triage Task as stored: its status, claim and outcome on the referral's row. */
  async recordTriage(client: SqlClient, task: Resource, claimed: boolean): Promise<ReferralCaseRow | undefined> {
    const { rows } = await client.query<ReferralCaseRow>(
      `UPDATE referral_case SET triage_status = $2,
              claimed_at = CASE WHEN $3 THEN coalesce(claimed_at, now()) ELSE NULL END,
              triaged_at = CASE WHEN $2 IN ('completed', 'cancelled', 'entered-in-error') THEN coalesce(triaged_at, now()) ELSE NULL END,
              outcome = $4, updated_at = now()
        WHERE triage_task_id = $1
       RETURNING ${COLUMNS}`,
      [task.id, task.status, claimed, triageOutcomeOf(task)?.code ?? null],
    );
    return rows[0];
  }

  /** The patient objected to contact after the referral was sent: its rows (usually one) say so from now on. */
  async recordObjection(client: SqlClient, serviceRequestId: string): Promise<ReferralCaseRow[]> {
    const { rows } = await client.query<ReferralCaseRow>(
      `UPDATE referral_case SET objected = true, updated_at = now() WHERE service_request_id = $1 RETURNING ${COLUMNS}`,
      [serviceRequestId],
    );
    return rows;
  }

  async ofReferral(client: SqlClient, referralTaskId: string): Promise<ReferralCaseRow | undefined> {
    const { rows } = await client.query<ReferralCaseRow>(`SELECT ${COLUMNS} FROM referral_case WHERE referral_task_id = $1`, [referralTaskId]);
    return rows[0];
  }

  async ofTriage(client: SqlClient, triageTaskId: string): Promise<ReferralCaseRow | undefined> {
    const { rows } = await client.query<ReferralCaseRow>(`SELECT ${COLUMNS} FROM referral_case WHERE triage_task_id = $1`, [triageTaskId]);
    return rows[0];
  }
}
