import {
  OPEN_TRIAGE_STATUSES,
  REFERRAL_ANSWERS,
  REJECTION_REASONS,
  Resource,
  TRIAGE_OUTCOMES,
  TaskStatus,
  claimedByOf,
  isReferralAnswer,
  isRejectionReason,
  isTriageOutcome,
  isUnansweredReferralStatus,
  rejectionOf,
  triageOutcomeOf,
} from '@app/fhir';
import { PatientSummary, ReferralSummary, TriageStatusSummary } from '@app/fhir/api/referral-answers';
import { ReferralCaseRow } from '../referral-case.projection';

/**
 * What the referral lists and actions read for one referral: its `referral_case` row (dates cast to
 * text by the query), joined in the same statement to what the row does not hold (the Task's version
 * and rejection text, the referral's reason, names, and the triage Task's claimant and outcome text).
 */
export interface ReferralRow extends Omit<ReferralCaseRow, 'hospital' | 'routing_rule' | 'claimed_at'> {
  updated_at: Date;
  version: number;
  status_reason: unknown;
  reason_text: string | null;
  patient_id: string | null;
  patient_name: unknown;
  birth_date: string | null;
  unit_name: string | null;
  referrer_name: string | null;
  service_name: string | null;
  triage_extension: unknown;
  triage_output: unknown;
}

/** A Patient.name as one line: its text, else given names and family name. */
export function patientNameOf(name: unknown): string | undefined {
  const first = Array.isArray(name) ? (name[0] as { given?: string[]; family?: string; text?: string } | undefined) : undefined;
  if (!first) return undefined;
  const line = first.text ?? [...(first.given ?? []), first.family].filter(Boolean).join(' ');
  return line || undefined;
}

export function patientSummaryOf(row: { patient_id: string | null; patient_name: unknown; birth_date: string | null }): PatientSummary | undefined {
  if (!row.patient_id) return undefined;
  const name = patientNameOf(row.patient_name);
  return { id: row.patient_id, ...(name ? { name } : {}), ...(row.birth_date ? { birthDate: row.birth_date } : {}) };
}

const iso = (value: Date | string | null | undefined): string | undefined => (value ? new Date(value).toISOString() : undefined);

/** The parts of a triage Task the summaries read (its claimant, outcome and contact log), as the query selects them. */
export function triageTaskOf(parts: { extension?: unknown; output?: unknown; note?: unknown }): Resource {
  return { resourceType: 'Task', ...(parts.extension ? { extension: parts.extension } : {}), ...(parts.output ? { output: parts.output } : {}), ...(parts.note ? { note: parts.note } : {}) };
}

/** The triage outcome as the lists show it: code, display, and the free text (which service, where). */
export function triageOutcomeSummaryOf(task: Resource, fallbackCode?: string | null): { code: string; display: string; text?: string } | undefined {
  const recorded = triageOutcomeOf(task);
  const code = recorded?.code ?? fallbackCode ?? undefined;
  if (!isTriageOutcome(code)) return undefined;
  const text = recorded?.text?.trim();
  return { code, display: TRIAGE_OUTCOMES[code].display, ...(text && text !== TRIAGE_OUTCOMES[code].display ? { text } : {}) };
}

/** The rejection as the lists show it: the coded reason, its display, the hospital's free text. */
export function rejectionSummaryOf(code: string | null, statusReason: unknown): { reason: string; display: string; text?: string } | undefined {
  const given = rejectionOf({ resourceType: 'Task', statusReason: statusReason ?? undefined });
  const reason = code ?? given.reason;
  if (!isRejectionReason(reason)) return undefined;
  const text = given.text?.trim();
  return { reason, display: REJECTION_REASONS[reason].display, ...(text && text !== REJECTION_REASONS[reason].display ? { text } : {}) };
}

/** Where the rejected referral's patient is in the low-threshold service; undefined when not routed. */
export function triageStatusOf(row: ReferralRow, today: string): TriageStatusSummary | undefined {
  if (!row.triage_task_id || !row.service || !row.triage_status || !row.triage_deadline || !row.routed_at) return undefined;
  const open = OPEN_TRIAGE_STATUSES.includes(row.triage_status as TaskStatus);
  const task = triageTaskOf({ extension: row.triage_extension, output: row.triage_output });
  const claimant = row.triage_status === 'in-progress' ? claimedByOf(task) : undefined;
  const claimedBy = claimant?.display ?? claimant?.identifier;
  const outcome = row.triage_status === 'completed' ? triageOutcomeSummaryOf(task, row.outcome) : undefined;
  const closedAt = open ? undefined : iso(row.triaged_at ?? row.updated_at);
  return {
    taskId: row.triage_task_id,
    status: row.triage_status,
    service: { reference: row.service, ...(row.service_name ? { display: row.service_name } : {}) },
    deadline: row.triage_deadline,
    overdue: open && row.triage_deadline < today,
    ...(claimedBy ? { claimedBy } : {}),
    ...(outcome ? { outcome } : {}),
    routedAt: iso(row.routed_at)!,
    ...(closedAt ? { closedAt } : {}),
  };
}

/** A referral as the GP's "Mine henvisninger" and the hospital unit's list show it, on `today` (YYYY-MM-DD, Oslo). */
export function summarizeReferral(row: ReferralRow, today: string): ReferralSummary {
  const answer = isReferralAnswer(row.answer) ? row.answer : undefined;
  const unanswered = isUnansweredReferralStatus(row.status as TaskStatus);
  const rejection = row.status === 'rejected' ? rejectionSummaryOf(row.rejection_reason, row.status_reason) : undefined;
  const triage = triageStatusOf(row, today);
  return {
    id: row.referral_task_id,
    version: Number(row.version),
    serviceRequestId: row.service_request_id,
    status: row.status,
    ...(patientSummaryOf(row) ? { patient: patientSummaryOf(row) } : {}),
    hospitalUnit: { reference: row.hospital_unit, ...(row.unit_name ? { display: row.unit_name } : {}) },
    ...(row.referrer ? { referrer: { reference: row.referrer, ...(row.referrer_name ? { display: row.referrer_name } : {}) } } : {}),
    ...(row.reason_text ? { reasonText: row.reason_text } : {}),
    urgent: row.urgent,
    patientObjectsToContact: row.objected,
    sentAt: iso(row.sent_at)!,
    receivedAt: iso(row.received_at)!,
    assessmentDeadline: row.assessment_deadline,
    assessmentOverdue: unanswered && row.assessment_deadline < today,
    ...(answer ? { answer: { code: answer, display: REFERRAL_ANSWERS[answer].display, ...(row.answered_at ? { answeredAt: iso(row.answered_at) } : {}) } } : {}),
    ...(rejection ? { rejection } : {}),
    ...(triage ? { triage } : {}),
  };
}
