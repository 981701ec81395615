import {
  CLAIMED_BY_EXTENSION,
  CONTACT_ATTEMPT_RESULTS,
  OPEN_TRIAGE_STATUSES,
  Resource,
  TaskStatus,
  claimedByOf,
  contactAttemptsOf,
  isContactAttemptResult,
} from '@app/fhir';
import { ContactAttemptSummary, TriageCaseDetail, TriageCaseSummary } from '@app/fhir/api/referral-answers';
import { Principal } from '../../auth/principal';
import { AuditEntry } from '../../audit/audit-trail.service';
import { patientSummaryOf, rejectionSummaryOf, triageOutcomeSummaryOf } from '../referral-actions/referral-summary';
import { claimantIdentifierOf, isClaimedBy } from '../triage-claim';

/**
 * What the queue and the case view read for one case: its `referral_case` row (dates as text), joined in
 * the same statement to the triage Task (version, claimant, contact log, outcome), the rejected referral
 * Task's reason text, the referral's reason, and names.
 */
export interface TriageCaseRow {
  triage_task_id: string;
  referral_task_id: string;
  service_request_id: string;
  hospital_unit: string;
  referrer: string | null;
  urgent: boolean;
  rejection_reason: string | null;
  sent_at: Date;
  routed_at: Date;
  /** YYYY-MM-DD */
  triage_deadline: string;
  triage_status: string;
  outcome: string | null;
  version: number;
  triage_extension: unknown;
  triage_output: unknown;
  triage_note: unknown;
  status_reason: unknown;
  reason_text: string | null;
  patient_id: string | null;
  patient_name: unknown;
  birth_date: string | null;
  unit_name: string | null;
  referrer_name: string | null;
}

/** `Task.extension` containing the caller's claim, as JSON for `resource->'extension' @> $n::jsonb`. */
export function claimedByCallerJson(principal: Principal): string {
  return JSON.stringify([{ url: CLAIMED_BY_EXTENSION, valueReference: { identifier: claimantIdentifierOf(principal) } }]);
}

function triageTaskOfRow(row: TriageCaseRow): Resource {
  return {
    resourceType: 'Task',
    ...(row.triage_extension ? { extension: row.triage_extension } : {}),
    ...(row.triage_output ? { output: row.triage_output } : {}),
    ...(row.triage_note ? { note: row.triage_note } : {}),
  };
}

const iso = (value: Date | string): string => new Date(value).toISOString();

/** A case as the low-threshold queue shows it to `caller`, on `today` (YYYY-MM-DD, Oslo). */
export function summarizeTriageCase(row: TriageCaseRow, caller: Principal, today: string): TriageCaseSummary {
  const task = triageTaskOfRow(row);
  const open = OPEN_TRIAGE_STATUSES.includes(row.triage_status as TaskStatus);
  const claimant = row.triage_status === 'in-progress' ? claimedByOf(task) : undefined;
  const claimedBy = claimant?.display ?? claimant?.identifier;
  const rejection = rejectionSummaryOf(row.rejection_reason, row.status_reason);
  const outcome = row.triage_status === 'completed' ? triageOutcomeSummaryOf(task, row.outcome) : undefined;
  const patient = patientSummaryOf(row);
  return {
    id: row.triage_task_id,
    version: Number(row.version),
    status: row.triage_status,
    ...(patient ? { patient } : {}),
    urgent: row.urgent,
    deadline: row.triage_deadline,
    overdue: open && row.triage_deadline < today,
    routedAt: iso(row.routed_at),
    hospitalUnit: { reference: row.hospital_unit, ...(row.unit_name ? { display: row.unit_name } : {}) },
    ...(rejection ? { rejection } : {}),
    ...(claimedBy ? { claimedBy } : {}),
    claimedByMe: row.triage_status === 'in-progress' && isClaimedBy(task, caller),
    contactAttempts: contactAttemptsOf(task).length,
    ...(outcome ? { outcome } : {}),
  };
}

/** The contact log of a case, oldest first. */
export function contactAttemptSummaries(row: TriageCaseRow): ContactAttemptSummary[] {
  return contactAttemptsOf(triageTaskOfRow(row)).map((attempt) => {
    const result = isContactAttemptResult(attempt.result) ? attempt.result : undefined;
    // The rule writes the result's display as the text of an attempt recorded without a note of its own.
    const note = attempt.text && attempt.text !== '-' && (!result || attempt.text !== CONTACT_ATTEMPT_RESULTS[result].display) ? attempt.text : undefined;
    return {
      time: attempt.time ?? '',
      result: attempt.result ?? '',
      resultDisplay: result ? CONTACT_ATTEMPT_RESULTS[result].display : (attempt.result ?? ''),
      ...(note ? { note } : {}),
      ...(attempt.by ? { by: attempt.by } : {}),
    };
  });
}

/** The case view: the case, the referral behind it and the contact log. */
export function triageCaseDetail(row: TriageCaseRow, caller: Principal, today: string): TriageCaseDetail {
  return {
    case: summarizeTriageCase(row, caller, today),
    referral: {
      id: row.referral_task_id,
      serviceRequestId: row.service_request_id,
      ...(row.reason_text ? { reasonText: row.reason_text } : {}),
      ...(row.referrer ? { referrer: { reference: row.referrer, ...(row.referrer_name ? { display: row.referrer_name } : {}) } } : {}),
      sentAt: iso(row.sent_at),
    },
    contactAttempts: contactAttemptSummaries(row),
  };
}

/** Audit entries for cases the caller was shown: the triage Task and its patient. */
export function triageAudit(cases: readonly TriageCaseSummary[], subtype: 'read' | 'search-type', query?: string): AuditEntry[] {
  return cases.map((triage) => ({
    subtype,
    entity: { type: 'Task', id: triage.id, version: triage.version },
    patient: triage.patient ? `Patient/${triage.patient.id}` : undefined,
    ...(query ? { query } : {}),
  }));
}
