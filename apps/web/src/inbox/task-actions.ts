import { apiRequest } from '../api/api-client';
import { TaskSummary } from '../api/types';

/** What a GP can do with a task in the inbox; each is `POST /api/tasks/:id/<action>`. */
export type TaskAction = 'accept' | 'start' | 'resume' | 'complete' | 'hold' | 'contest' | 'forward' | 'request-information' | 'cancel';

/** Done with one click in the row; the rest need a reason, a recipient or a question first. */
export const ONE_CLICK_ACTIONS: readonly TaskAction[] = ['accept', 'start', 'resume', 'complete'];

/** Final and sent at once, with no way back: each asks "are you sure, for this patient?" before anything is sent. */
export const ACTIONS_TO_CONFIRM: readonly TaskAction[] = ['complete', 'cancel'];

/**
 * The actions a task offers now: from the statuses the state machine lets the owner reach next
 * (`nextStatuses`), and for complete and hold the statuses the API walks through on the way
 * (accepted → in-progress → completed), as task-actions.service.ts does.
 */
export function actionsFor(task: TaskSummary): TaskAction[] {
  const next = new Set(task.nextStatuses);
  const actions: TaskAction[] = [];
  if (next.has('accepted')) actions.push('accept');
  if (task.status === 'accepted') actions.push('start');
  if (task.status === 'on-hold') actions.push('resume');
  if (['accepted', 'in-progress', 'on-hold'].includes(task.status)) actions.push('complete');
  if (['accepted', 'in-progress'].includes(task.status)) actions.push('hold', 'request-information');
  if (next.has('rejected')) actions.push('contest', 'forward');
  if (next.has('cancelled')) actions.push('cancel');
  return actions;
}

/** Performs an action on the version of the task the user saw; a 412 means someone changed it meanwhile. */
export function performTaskAction(task: TaskSummary, action: TaskAction | 'take-back' | 'reassign', input: Record<string, string> = {}): Promise<{ task: TaskSummary }> {
  return apiRequest(`/api/tasks/${encodeURIComponent(task.id)}/${action}`, { method: 'POST', body: { version: task.version, ...input } });
}
