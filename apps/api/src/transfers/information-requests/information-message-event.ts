import { InformationMessage, OutboxTopic, TaskKind } from '@app/fhir';
import { OutboxRow } from '../../outbox/outbox-row';

/** Where in a question's or answer's change event the information-message rule puts its facts. */
export const INFORMATION_MESSAGE_FACT = 'informationMessage';

/** What a question's or answer's change event carries for its notification. */
export interface InformationMessageFacts {
  taskKind: string;
  message: InformationMessage;
  /** The task asked about, `Task/<id>`. */
  task: string;
  /** The question as the hospital is told it (fødselsnumre taken out); null for an answer. */
  text: string | null;
}

const MAX_EXCERPT = 300;

/** A run of 11 digits (a fødselsnummer or D-nummer, spaced or not): never in a notification. */
const PERSON_NUMBER = /\b\d{6}\s?\d{5}\b/g;

/** A question as a notification carries it: fødselsnumre taken out, and short enough for the bell. */
export function notificationExcerpt(text: string): string {
  const clean = text.replace(PERSON_NUMBER, '[…]').replace(/\s+/g, ' ').trim();
  return clean.length > MAX_EXCERPT ? `${clean.slice(0, MAX_EXCERPT - 1)}…` : clean;
}

/** The facts of a created question or answer about a discharge task, or undefined for any other event. */
export function informationMessageEventOf(event: OutboxRow): InformationMessageFacts | undefined {
  if (event.topic !== OutboxTopic.ResourceChanged || event.resource_type !== 'Communication' || event.payload.method !== 'create') return undefined;
  const facts = event.payload[INFORMATION_MESSAGE_FACT] as InformationMessageFacts | undefined;
  return facts && facts.taskKind === TaskKind.DischargeFollowUp ? facts : undefined;
}
