/**
 * Where each task of a hand-over stands, as the coordinator's hand-over list counts it: every task in
 * exactly one column, so the columns add up to the hand-over's tasks. Plain TypeScript: the API builds its
 * SQL from this table and the web app its labels, so the two cannot count differently.
 *
 * - a task nobody owns and nobody has finished is "Uten fastlege": it waits in the sending unit's
 *   unassigned queue, not with any GP;
 * - a contested task is "Bestridt", never "Hos fastlegen", whatever the hospital did with it since;
 * - "Hos fastlegen" is sent to a GP and not yet answered; "Akseptert" is taken on and not yet done.
 */
import type { TaskStatus } from './task-status.rules';

export const HANDOVER_TASK_STANDINGS = ['noGp', 'withGp', 'accepted', 'contested', 'completed', 'cancelled'] as const;

export type HandoverTaskStanding = (typeof HANDOVER_TASK_STANDINGS)[number];

/** Statuses that decide the column whoever owns the task (they are final). */
export const FINAL_STANDING: Partial<Record<TaskStatus, HandoverTaskStanding>> = {
  rejected: 'contested',
  completed: 'completed',
  cancelled: 'cancelled',
  failed: 'cancelled',
  'entered-in-error': 'cancelled',
};

/** An owned task in one of these has been taken on by the GP. */
export const TAKEN_ON_STATUSES: readonly TaskStatus[] = ['accepted', 'in-progress', 'on-hold'];

export function handoverTaskStanding(status: string, hasOwner: boolean): HandoverTaskStanding {
  const final = FINAL_STANDING[status as TaskStatus];
  if (final) return final;
  if (!hasOwner) return 'noGp';
  return TAKEN_ON_STATUSES.includes(status as TaskStatus) ? 'accepted' : 'withGp';
}

/** A task waits in the unassigned queue: handed over, not finished, and nobody owns it (the patient had no GP Bro could find). */
export function isUnassignedTask(task: { status: string; owner?: unknown }): boolean {
  return !task.owner && handoverTaskStanding(task.status, false) === 'noGp';
}

/** How the unassigned group is keyed and named where tasks are grouped by GP office (board, quality report, CSV). */
export const UNASSIGNED_GROUP = { key: 'unassigned', display: 'Uten fastlege', displayEn: 'No GP' } as const;
