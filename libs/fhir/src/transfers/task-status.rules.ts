/**
 * The Task state machine: who may move a transferred task from which status to which. This table
 * is the only place the rule is written; the FHIR facade, the inbox, transactions, messages and
 * workers all consult it.
 */
export const TASK_STATUSES = [
  'draft',
  'requested',
  'received',
  'accepted',
  'rejected',
  'ready',
  'cancelled',
  'in-progress',
  'on-hold',
  'failed',
  'completed',
  'entered-in-error',
] as const;

export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The party of a Task that may make a transition: the hospital that handed it over, or the GP who owns it. */
export type TaskParty = 'requester' | 'owner';

export const TERMINAL_TASK_STATUSES: readonly TaskStatus[] = ['rejected', 'cancelled', 'failed', 'completed', 'entered-in-error'];

/** A task still on someone's desk: handed over and neither finished nor given back. Inbox badges and the board count these. */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['requested', 'received', 'accepted', 'in-progress', 'on-hold'];

/** The statuses a task may be created in (by its requester). */
export const INITIAL_TASK_STATUSES: readonly TaskStatus[] = ['draft', 'requested'];

export interface TaskTransitionRule {
  from: TaskStatus | 'any' | 'any-non-terminal';
  to: TaskStatus;
  by: readonly TaskParty[];
}

export const TASK_TRANSITIONS: readonly TaskTransitionRule[] = [
  { from: 'draft', to: 'requested', by: ['requester'] },
  { from: 'requested', to: 'received', by: ['owner'] },
  { from: 'requested', to: 'accepted', by: ['owner'] },
  { from: 'requested', to: 'rejected', by: ['owner'] },
  { from: 'received', to: 'accepted', by: ['owner'] },
  { from: 'received', to: 'rejected', by: ['owner'] },
  { from: 'accepted', to: 'in-progress', by: ['owner'] },
  { from: 'in-progress', to: 'on-hold', by: ['owner'] },
  { from: 'in-progress', to: 'completed', by: ['owner'] },
  { from: 'in-progress', to: 'failed', by: ['owner'] },
  { from: 'on-hold', to: 'in-progress', by: ['owner'] },
  { from: 'any-non-terminal', to: 'cancelled', by: ['requester', 'owner'] },
  { from: 'any', to: 'entered-in-error', by: ['requester'] },
];

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}

export function isTerminalTaskStatus(status: TaskStatus): boolean {
  return TERMINAL_TASK_STATUSES.includes(status);
}

function ruleApplies(rule: TaskTransitionRule, from: TaskStatus): boolean {
  if (rule.from === 'any') return true;
  if (rule.from === 'any-non-terminal') return !isTerminalTaskStatus(from);
  return rule.from === from;
}

/** Every transition allowed from a status, with who may make it. */
export function transitionsFrom(from: TaskStatus): Array<{ to: TaskStatus; by: readonly TaskParty[] }> {
  return TASK_TRANSITIONS.filter((rule) => ruleApplies(rule, from) && rule.to !== from).map(({ to, by }) => ({ to, by }));
}

/** Who may move a task from one status to another; undefined when the table does not allow it at all. */
export function partiesAllowedToTransition(from: TaskStatus, to: TaskStatus): readonly TaskParty[] | undefined {
  const parties = new Set<TaskParty>();
  for (const rule of TASK_TRANSITIONS) if (rule.to === to && ruleApplies(rule, from)) rule.by.forEach((party) => parties.add(party));
  return parties.size ? [...parties] : undefined;
}

/** What a party may do next, e.g. for the inbox's action buttons. */
export function nextStatusesFor(from: TaskStatus, parties: readonly TaskParty[]): TaskStatus[] {
  return transitionsFrom(from)
    .filter((transition) => transition.by.some((party) => parties.includes(party)))
    .map((transition) => transition.to);
}
