import { TaskStatus, isTerminalTaskStatus } from '../transfers/task-status.rules';

/**
 * The low-threshold triage Task's moves (kind `lowthreshold-triage`). Bro creates it when a rejection is
 * routed (`bro`); the staff of the service that owns it (`service`) claim it; the one who claimed it
 * (`claimant`) records contact attempts, releases it or closes it with an outcome. The write rule, the
 * /api actions and the web app all read this table.
 */
export type TriageParty = 'bro' | 'service' | 'claimant';

export interface TriageTransition {
  from: TaskStatus | 'any' | 'any-non-terminal';
  to: TaskStatus;
  by: readonly TriageParty[];
  /** What the move needs besides the party. */
  needs?: 'outcome';
}

/** A triage Task is born requested, by Bro's routing only. */
export const TRIAGE_INITIAL_STATUS: TaskStatus = 'requested';

/** Waiting in the queue (requested) or being worked (in-progress): the triage deadline runs. */
export const OPEN_TRIAGE_STATUSES: readonly TaskStatus[] = ['requested', 'in-progress'];

export const TRIAGE_TRANSITIONS: readonly TriageTransition[] = [
  // Claiming a case: it leaves the shared queue for one person's desk.
  { from: 'requested', to: 'in-progress', by: ['service'] },
  // Giving it back to the queue (ill, on leave, wrong person).
  { from: 'in-progress', to: 'requested', by: ['claimant'] },
  { from: 'in-progress', to: 'completed', by: ['claimant'], needs: 'outcome' },
  // The referral was withdrawn or entered in error: Bro closes the case it routed.
  { from: 'any-non-terminal', to: 'cancelled', by: ['bro'] },
  { from: 'any', to: 'entered-in-error', by: ['bro'] },
];

function applies(rule: TriageTransition, from: TaskStatus): boolean {
  if (rule.from === 'any') return true;
  if (rule.from === 'any-non-terminal') return !isTerminalTaskStatus(from);
  return rule.from === from;
}

export function triageTransition(from: TaskStatus, to: TaskStatus): TriageTransition | undefined {
  if (from === to) return undefined;
  return TRIAGE_TRANSITIONS.find((rule) => rule.to === to && applies(rule, from));
}

export function triageTransitionsFrom(from: TaskStatus): TriageTransition[] {
  return TRIAGE_TRANSITIONS.filter((rule) => rule.to !== from && applies(rule, from));
}

export function isOpenTriageStatus(status: TaskStatus): boolean {
  return OPEN_TRIAGE_STATUSES.includes(status);
}
