import { TaskParty, TaskStatus, isTerminalTaskStatus } from '../transfers/task-status.rules';
import { REFERRAL_ANSWERS, ReferralAnswer } from './referral-answer';

/**
 * The referral Task's moves (kind `referral-fulfilment`): the requester is the referring GP, the owner
 * the hospital unit that assesses it. A move to accepted, rejected or completed from an unanswered
 * referral is the hospital's answer and carries its Volven 9148 code; the code decides the status
 * ({@link REFERRAL_ANSWERS}). The referral write rule, the /api actions, the message handler and the web
 * app all read this table.
 */
export interface ReferralTransition {
  from: TaskStatus | 'any' | 'any-non-terminal';
  to: TaskStatus;
  by: readonly TaskParty[];
  /** The answers that make this move (an answering move needs one of them in businessStatus). */
  answers?: readonly ReferralAnswer[];
}

/** A referral is created by its GP as requested: the hospital unit has it from then on. */
export const REFERRAL_INITIAL_STATUS: TaskStatus = 'requested';

/** Statuses in which the hospital has not yet answered: the assessment deadline runs. */
export const UNANSWERED_REFERRAL_STATUSES: readonly TaskStatus[] = ['requested', 'received'];

const answersLeadingTo = (status: TaskStatus): ReferralAnswer[] =>
  (Object.keys(REFERRAL_ANSWERS) as ReferralAnswer[]).filter((answer) => REFERRAL_ANSWERS[answer].taskStatus === status);

export const REFERRAL_TRANSITIONS: readonly ReferralTransition[] = [
  { from: 'requested', to: 'received', by: ['owner'] },
  ...UNANSWERED_REFERRAL_STATUSES.flatMap((from) =>
    (['accepted', 'rejected', 'completed'] as TaskStatus[]).map((to) => ({ from, to, by: ['owner'] as const, answers: answersLeadingTo(to) })),
  ),
  // Called in or given a right to care: the hospital closes the referral once the care is given.
  { from: 'accepted', to: 'completed', by: ['owner'] },
  // The GP withdraws a referral that is still open.
  { from: 'any-non-terminal', to: 'cancelled', by: ['requester'] },
  { from: 'any', to: 'entered-in-error', by: ['requester', 'owner'] },
];

function applies(rule: ReferralTransition, from: TaskStatus): boolean {
  if (rule.from === 'any') return true;
  if (rule.from === 'any-non-terminal') return !isTerminalTaskStatus(from);
  return rule.from === from;
}

/** The move from one status to another, or undefined when the table has none. */
export function referralTransition(from: TaskStatus, to: TaskStatus): ReferralTransition | undefined {
  if (from === to) return undefined;
  return REFERRAL_TRANSITIONS.find((rule) => rule.to === to && applies(rule, from));
}

/** Every move from a status, for error messages and the web app's buttons. */
export function referralTransitionsFrom(from: TaskStatus): ReferralTransition[] {
  return REFERRAL_TRANSITIONS.filter((rule) => rule.to !== from && applies(rule, from));
}

export function isUnansweredReferralStatus(status: TaskStatus): boolean {
  return UNANSWERED_REFERRAL_STATUSES.includes(status);
}
