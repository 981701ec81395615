/**
 * Where Bro keeps what FHIR's Task has no element for. The category itself sits in
 * Task.businessStatus (system {@link TASK_CATEGORY_SYSTEM}), as the hand-over contract says.
 */
export const CONTEST_RESOLUTION_EXTENSION = 'urn:bro:extension:contest-resolution';

/** What became of a contested task: waiting for the hospital, or taken back / re-assigned / forwarded. */
export type ContestResolution = 'awaiting-hospital' | 'taken-back' | 'reassigned' | 'forwarded';

/** On a re-assigned or forwarded task: the contested task it replaces. */
export const REPLACES_TASK_EXTENSION = 'urn:bro:extension:replaces-task';

/** Bro's identifier of a hand-over, on each of its Tasks (Task.groupIdentifier). */
export const HANDOVER_IDENTIFIER_SYSTEM = 'urn:bro:handover';
