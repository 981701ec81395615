import { codeIn, extensionOf } from '../element-access';
import { Resource } from '../fhir-types';
import { REFERRAL_ANSWER_SYSTEM, ReferralAnswer, isReferralAnswer } from './referral-answer';
import { CLAIMED_BY_EXTENSION, CONTACT_ATTEMPT_EXTENSION, PATIENT_OBJECTS_TO_CONTACT_EXTENSION, URGENT_PRIORITIES } from './referral-extensions';
import { REJECTION_REASON_SYSTEM } from './referral-rejection-reason';
import { CONTACT_ATTEMPT_RESULT_SYSTEM, TASK_OUTPUT_SYSTEM, TRIAGE_OUTCOME_OUTPUT, TRIAGE_OUTCOME_SYSTEM } from './triage-outcome';

/** Typed reads of the referral and triage elements (see referral-extensions.ts for where each lives). */

interface Concept {
  coding?: Array<{ system?: string; code?: string; display?: string }>;
  text?: string;
}

/** The referral Task's `restriction.period`: when it was received (start) and the assessment deadline (end); a triage Task's deadline (end). */
export function restrictionPeriodOf(task: Resource): { start?: string; end?: string } {
  const period = (task.restriction as { period?: { start?: unknown; end?: unknown } } | undefined)?.period;
  return {
    ...(typeof period?.start === 'string' ? { start: period.start } : {}),
    ...(typeof period?.end === 'string' ? { end: period.end } : {}),
  };
}

/** The hospital's Volven 9148 answer in `businessStatus`. */
export function referralAnswerOf(task: Resource): ReferralAnswer | undefined {
  const code = codeIn(task.businessStatus, REFERRAL_ANSWER_SYSTEM);
  return isReferralAnswer(code) ? code : undefined;
}

/** Whether `businessStatus` carries a coding of the 9148 system at all (valid or not). */
export function carriesReferralAnswer(task: Resource): boolean {
  return codeIn(task.businessStatus, REFERRAL_ANSWER_SYSTEM) !== undefined;
}

export function rejectionOf(task: Resource): { reason?: string; text?: string } {
  const reason = task.statusReason as Concept | undefined;
  return { reason: codeIn(reason, REJECTION_REASON_SYSTEM), text: typeof reason?.text === 'string' ? reason.text : undefined };
}

/** The ServiceRequest says the patient does not want the low-threshold service to contact them. */
export function patientObjectsToContact(serviceRequest: Resource | undefined): boolean {
  return serviceRequest ? extensionOf(serviceRequest, PATIENT_OBJECTS_TO_CONTACT_EXTENSION)?.valueBoolean === true : false;
}

export function isUrgent(resource: Resource | undefined): boolean {
  return typeof resource?.priority === 'string' && URGENT_PRIORITIES.includes(resource.priority);
}

interface Output {
  type?: Concept;
  valueCodeableConcept?: Concept;
}

/** The triage outcome in `Task.output` (code and text), when recorded. */
export function triageOutcomeOf(task: Resource): { code?: string; text?: string } | undefined {
  const outputs = Array.isArray(task.output) ? (task.output as Output[]) : [];
  const output = outputs.find((candidate) => codeIn(candidate?.type, TASK_OUTPUT_SYSTEM) === TRIAGE_OUTCOME_OUTPUT);
  if (!output) return undefined;
  const value = output.valueCodeableConcept;
  return { code: codeIn(value, TRIAGE_OUTCOME_SYSTEM), text: typeof value?.text === 'string' ? value.text : undefined };
}

export interface ContactAttempt {
  time?: string;
  result?: string;
  text?: string;
  by?: string;
}

interface Note {
  time?: string;
  text?: string;
  authorString?: string;
  extension?: unknown;
}

export function notesOf(task: Resource): Note[] {
  return Array.isArray(task.note) ? (task.note as Note[]) : [];
}

/** The contact attempts recorded on a triage Task, oldest first. */
export function contactAttemptsOf(task: Resource): ContactAttempt[] {
  return notesOf(task)
    .filter((note) => note && extensionOf(note, CONTACT_ATTEMPT_EXTENSION) !== undefined)
    .map((note) => {
      const coding = extensionOf(note, CONTACT_ATTEMPT_EXTENSION)?.valueCoding;
      return { time: note.time, result: coding?.system === CONTACT_ATTEMPT_RESULT_SYSTEM ? coding.code : undefined, text: note.text, by: note.authorString };
    });
}

/** Who claimed a triage Task: their display name and HPR number or user, as Bro recorded at the claim. */
export function claimedByOf(task: Resource): { display?: string; identifier?: string } | undefined {
  const reference = extensionOf(task, CLAIMED_BY_EXTENSION)?.valueReference;
  if (!reference) return undefined;
  return { display: reference.display, identifier: reference.identifier?.value };
}
