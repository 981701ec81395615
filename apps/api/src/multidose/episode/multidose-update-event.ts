import { OutboxTopic, TaskStatus } from '@app/fhir';
import { OutboxRow } from '../../outbox/outbox-row';

/** Where in a multidose update Task's change event the update rule puts its facts. */
export const MULTIDOSE_UPDATE_FACT = 'multidoseUpdate';

/**
 * What a multidose update Task's write tells the workflow's handlers and planners (in the write's one outbox
 * event): references and dates only, never patient identifiers.
 */
export interface MultidoseUpdateFacts {
  taskId: string;
  /** The episode the update is for (`EpisodeOfCare/<id>` without the type: its id). */
  episodeId: string | null;
  /** null when the Task was created by this write. */
  from: TaskStatus | null;
  to: TaskStatus;
  /** The responsible doctor's PractitionerRole, or their office. */
  owner: string | null;
  /** The due date (YYYY-MM-DD, Oslo). */
  due: string | null;
  actorRole: string | null;
}

/** The update Task's facts in an event, or undefined for any other event (another workflow's Task, another type). */
export function multidoseUpdateOf(event: OutboxRow): MultidoseUpdateFacts | undefined {
  if (event.resource_type !== 'Task' || event.topic !== OutboxTopic.ResourceChanged) return undefined;
  return event.payload[MULTIDOSE_UPDATE_FACT] as MultidoseUpdateFacts | undefined;
}
