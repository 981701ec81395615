import { OutboxRow } from '../../outbox/outbox-row';
import { OutboxTopic } from '@app/fhir';

/** Where in an episode's change event the episode rule puts its facts. */
export const MULTIDOSE_CHANGE_FACT = 'multidose';

/** What a multidose episode's write tells handlers (references only, never patient identifiers). */
export interface MultidoseChangeFacts {
  episodeId: string;
  from: string | null;
  to: string;
  /** The responsible doctor (reference), their office, the pharmacy's HER id. */
  careManager: string | null;
  organization: string | null;
  pharmacy: string | null;
  mode: string | null;
  /** What moved it: an admission, a discharge change, an e-prescription message, or a person. */
  cause: string | null;
  actorRole: string | null;
  /**
   * This write flagged the pharmacy packing the old list (`packed-old-list` newly set): the board's
   * deviation. Such a write may leave the state as it was (`from` === `to`).
   */
  oldListFlagged?: boolean;
}

export function multidoseChangeOf(event: OutboxRow): MultidoseChangeFacts | undefined {
  if (event.resource_type !== 'EpisodeOfCare' || event.topic !== OutboxTopic.ResourceChanged) return undefined;
  return event.payload[MULTIDOSE_CHANGE_FACT] as MultidoseChangeFacts | undefined;
}
