import { TaskStatus, isTerminalTaskStatus } from '../transfers/task-status.rules';

/**
 * The multidose update Task's moves (kind `multidose-update`): Bro creates it, in the hand-over's
 * transaction, for the multidose-responsible doctor when a discharge changes a multidose patient's
 * medication; the doctor (`owner`) may take it; the doctor's updated complete list (M25.1) completes it
 * (`bro`), as may the doctor directly.
 */
export type MultidoseUpdateParty = 'owner' | 'bro';

export interface MultidoseUpdateTransition {
  from: TaskStatus | 'any-non-terminal';
  to: TaskStatus;
  by: readonly MultidoseUpdateParty[];
}

/** Working days the responsible doctor has to send the updated list. */
export const MULTIDOSE_UPDATE_WORKING_DAYS = 2;

export const MULTIDOSE_UPDATE_TRANSITIONS: readonly MultidoseUpdateTransition[] = [
  { from: 'requested', to: 'accepted', by: ['owner'] },
  { from: 'requested', to: 'completed', by: ['owner', 'bro'] },
  { from: 'accepted', to: 'completed', by: ['owner', 'bro'] },
  // The episode ended (the patient left multidose) or the change was entered in error.
  { from: 'any-non-terminal', to: 'cancelled', by: ['bro'] },
];

export function multidoseUpdateTransition(from: TaskStatus, to: TaskStatus): MultidoseUpdateTransition | undefined {
  if (from === to) return undefined;
  return MULTIDOSE_UPDATE_TRANSITIONS.find((rule) => rule.to === to && (rule.from === from || (rule.from === 'any-non-terminal' && !isTerminalTaskStatus(from))));
}

export const OPEN_MULTIDOSE_UPDATE_STATUSES: readonly TaskStatus[] = ['requested', 'accepted'];
