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

/**
 * What must hold of the task for a move that is not always open: the GP put it on hold with a question to
 * the hospital (Task.statusReason `urn:bro:hold-reason|awaiting-information`), so the hospital's answer resumes it.
 */
export type TaskCondition = 'awaiting-requester-information';

export interface TaskTransitionRule {
  from: TaskStatus | 'any' | 'any-non-terminal';
  to: TaskStatus;
  by: readonly TaskParty[];
  /** The move is open only while this holds of the task; absent: always. */
  when?: TaskCondition;
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
  // The hospital's answer to the GP's question brings the task back to the GP's work.
  { from: 'on-hold', to: 'in-progress', by: ['requester'], when: 'awaiting-requester-information' },
  { from: 'any-non-terminal', to: 'cancelled', by: ['requester', 'owner'] },
  { from: 'any', to: 'entered-in-error', by: ['requester'] },
];

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}

export function isTerminalTaskStatus(status: TaskStatus): boolean {
  return TERMINAL_TASK_STATUSES.includes(status);
}

function ruleApplies(rule: TaskTransitionRule, from: TaskStatus, conditions: readonly TaskCondition[]): boolean {
  if (rule.when && !conditions.includes(rule.when)) return false;
  if (rule.from === 'any') return true;
  if (rule.from === 'any-non-terminal') return !isTerminalTaskStatus(from);
  return rule.from === from;
}

/** Every transition allowed from a status (given what holds of the task), with who may make it; one entry per target. */
export function transitionsFrom(from: TaskStatus, conditions: readonly TaskCondition[] = []): Array<{ to: TaskStatus; by: readonly TaskParty[] }> {
  const byTarget = new Map<TaskStatus, TaskParty[]>();
  for (const rule of TASK_TRANSITIONS) {
    if (!ruleApplies(rule, from, conditions) || rule.to === from) continue;
    const parties = byTarget.get(rule.to) ?? [];
    byTarget.set(rule.to, [...parties, ...rule.by.filter((party) => !parties.includes(party))]);
  }
  return [...byTarget].map(([to, by]) => ({ to, by }));
}

/** Who may move a task from one status to another (given what holds of the task); undefined when the table does not allow it at all. */
export function partiesAllowedToTransition(from: TaskStatus, to: TaskStatus, conditions: readonly TaskCondition[] = []): readonly TaskParty[] | undefined {
  const parties = new Set<TaskParty>();
  for (const rule of TASK_TRANSITIONS) if (rule.to === to && ruleApplies(rule, from, conditions)) rule.by.forEach((party) => parties.add(party));
  return parties.size ? [...parties] : undefined;
}

/** What a party may do next, e.g. for the inbox's action buttons. */
export function nextStatusesFor(from: TaskStatus, parties: readonly TaskParty[], conditions: readonly TaskCondition[] = []): TaskStatus[] {
  return transitionsFrom(from, conditions)
    .filter((transition) => transition.by.some((party) => parties.includes(party)))
    .map((transition) => transition.to);
}

/** The statuses of a task its GP has not yet taken on: handed over, at most seen. */
export const NOT_YET_TAKEN_ON_STATUSES: readonly TaskStatus[] = ['requested', 'received'];

/**
 * A GP who cancels a task they have not taken on hands it back as surely as by contesting it, so the cancel
 * needs what a contest needs: a coded contest reason (Task.statusReason from urn:bro:contest-reason, free text
 * with ANNET) — else "cancel" would be the way to give tasks back uncounted. The hospital cancelling its own
 * task, or a GP cancelling one they took on, needs none.
 */
export function cancelNeedsContestReason(from: TaskStatus, parties: readonly TaskParty[]): boolean {
  return NOT_YET_TAKEN_ON_STATUSES.includes(from) && parties.includes('owner') && !parties.includes('requester');
}
