import {
  DISPENSING_PHARMACY_EXTENSION,
  IdentifierSystem,
  LAST_COMPLETE_LIST_EXTENSION,
  PACKED_OLD_LIST_EXTENSION,
  Resource,
  extensionOf,
} from '@app/fhir';
import { MultidoseUpdateTaskSummary } from '@app/fhir/multidose/multidose-patient-answers';

/** Reads of a stored episode and its update Task as the GP's and coordinator's views show them. */

export function pharmacyOf(episode: Resource): { display?: string; herId?: string } | undefined {
  const reference = extensionOf(episode, DISPENSING_PHARMACY_EXTENSION)?.valueReference as { display?: string; identifier?: { system?: string; value?: string } } | undefined;
  if (!reference) return undefined;
  const herId = reference.identifier?.system === IdentifierSystem.Her ? reference.identifier.value : undefined;
  return { ...(reference.display ? { display: reference.display } : {}), ...(herId ? { herId } : {}) };
}

export function lastCompleteListOf(episode: Resource): string | undefined {
  const value = extensionOf(episode, LAST_COMPLETE_LIST_EXTENSION)?.valueDateTime;
  return typeof value === 'string' ? value : undefined;
}

export function hasDeviation(episode: Resource): boolean {
  return extensionOf(episode, PACKED_OLD_LIST_EXTENSION) !== undefined;
}

/** A patient's name as one line: `text`, or the given names and the family name. */
export function patientNameOf(name: unknown): string | undefined {
  const first = Array.isArray(name) ? (name[0] as { given?: string[]; family?: string; text?: string } | undefined) : undefined;
  if (!first) return undefined;
  return first.text ?? ([...(first.given ?? []), first.family].filter(Boolean).join(' ') || undefined);
}

/** The update Task's due date (YYYY-MM-DD) and whether it has passed `today` (Europe/Oslo). */
export function updateTaskSummary(task: Resource, today: string, version: number): MultidoseUpdateTaskSummary {
  const due = (task.restriction as { period?: { end?: string } } | undefined)?.period?.end?.slice(0, 10);
  return { id: task.id!, version, status: String(task.status), ...(due ? { due } : {}), overdue: due !== undefined && due < today };
}
