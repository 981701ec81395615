import { codeIn, referenceOf } from '../element-access';
import { Resource } from '../fhir-types';
import { TaskCondition } from './task-status.rules';

/**
 * A GP's question to the hospital about a transferred task ("Be om informasjon"), and the hospital's answer:
 * two Communications about the task (`basedOn` and `about` the Task), the answer `inResponseTo` the question.
 * Codes are stable.
 */
export const COMMUNICATION_CATEGORY_SYSTEM = 'urn:bro:communication-category';

export const InformationMessage = {
  Question: 'request-information',
  Answer: 'information-answer',
} as const;

export type InformationMessage = (typeof InformationMessage)[keyof typeof InformationMessage];

export const INFORMATION_MESSAGE_DISPLAYS: Record<InformationMessage, string> = {
  'request-information': 'Forespørsel om informasjon',
  'information-answer': 'Svar på forespørsel om informasjon',
};

/** Why a task is on hold (Task.statusReason while on-hold): a plain hold names no reason; a question does. */
export const HOLD_REASON_SYSTEM = 'urn:bro:hold-reason';
export const AWAITING_INFORMATION = 'awaiting-information';

export const AWAITING_INFORMATION_REASON = {
  coding: [{ system: HOLD_REASON_SYSTEM, code: AWAITING_INFORMATION, display: 'Venter på informasjon fra sykehuset' }],
};

/** Whether a Communication is a question or an answer about a task, and which. */
export function informationMessageOf(communication: Resource): InformationMessage | undefined {
  const categories = Array.isArray(communication.category) ? communication.category : [];
  for (const category of categories) {
    const code = codeIn(category, COMMUNICATION_CATEGORY_SYSTEM);
    if (code === InformationMessage.Question || code === InformationMessage.Answer) return code;
  }
  return undefined;
}

/** The Task (`Task/<id>`) a question or answer is about: its `basedOn`, else its `about`. */
export function taskOfInformationMessage(communication: Resource): string | undefined {
  const references = [
    ...(Array.isArray(communication.basedOn) ? communication.basedOn : []),
    ...(Array.isArray(communication.about) ? communication.about : []),
  ].map(referenceOf);
  return references.find((reference) => reference?.startsWith('Task/'));
}

/** The question (`Communication/<id>`) an answer answers. */
export function questionAnsweredBy(answer: Resource): string | undefined {
  const references = (Array.isArray(answer.inResponseTo) ? answer.inResponseTo : []).map(referenceOf);
  return references.find((reference) => reference?.startsWith('Communication/'));
}

/** The text of a question or answer. */
export function informationTextOf(communication: Resource): string | undefined {
  const payload = Array.isArray(communication.payload) ? (communication.payload as Array<{ contentString?: unknown }>) : [];
  const text = payload.find((part) => typeof part?.contentString === 'string')?.contentString;
  return typeof text === 'string' ? text : undefined;
}

/** Whether a task is on hold for the hospital's answer to its GP's question (not a plain hold). */
export function isAwaitingInformation(task: Resource): boolean {
  return task.status === 'on-hold' && codeIn(task.statusReason, HOLD_REASON_SYSTEM) === AWAITING_INFORMATION;
}

/** What holds of a task for the status table's conditional moves. */
export function taskConditionsOf(task: Resource): TaskCondition[] {
  return isAwaitingInformation(task) ? ['awaiting-requester-information'] : [];
}
