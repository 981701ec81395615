import { OutboxTopic } from '@app/fhir';
import { BoardScope } from '@app/fhir/board/board-metrics';
import { OutboxRow } from '../../outbox/outbox-row';

/** Where in an Encounter's change event the revolving-door check puts its facts. */
export const REVOLVING_DOOR_FACT = 'revolvingDoor';

/** A Flag raised or lowered by one Encounter write: references only, never patient identifiers. */
export interface RevolvingDoorFlagChange {
  /** `Flag/<id>`. */
  flag: string;
  /** `Encounter/<id>` of the readmission. */
  readmission: string;
  /** The readmitting hospital unit (`Encounter.serviceProvider`), whose coordinator is prompted. */
  unit: string | null;
}

/** What an Encounter write changed about revolving-door patients. */
export interface RevolvingDoorFacts {
  raised: RevolvingDoorFlagChange[];
  lowered: RevolvingDoorFlagChange[];
  /** The boards whose revolving-door panel this write moves (index stays, readmissions, their places). */
  boards: BoardScope[];
}

export function revolvingDoorFactsOf(event: OutboxRow): RevolvingDoorFacts | undefined {
  if (event.resource_type !== 'Encounter' || event.topic !== OutboxTopic.ResourceChanged) return undefined;
  return event.payload[REVOLVING_DOOR_FACT] as RevolvingDoorFacts | undefined;
}
