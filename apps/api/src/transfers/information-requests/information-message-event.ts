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
}

/** The facts of a created question or answer about a discharge task, or undefined for any other event. */
export function informationMessageEventOf(event: OutboxRow): InformationMessageFacts | undefined {
  if (event.topic !== OutboxTopic.ResourceChanged || event.resource_type !== 'Communication' || event.payload.method !== 'create') return undefined;
  const facts = event.payload[INFORMATION_MESSAGE_FACT] as InformationMessageFacts | undefined;
  return facts && facts.taskKind === TaskKind.DischargeFollowUp ? facts : undefined;
}
