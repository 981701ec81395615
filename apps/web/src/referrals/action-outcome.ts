import { ApiError } from '../api/api-error';
import type { ActionMessageValue } from '../components/ActionMessage';

/** What to tell the user after an action: what was done, that someone else got there first, or why it failed. */
export function actionOutcome(error: Error | undefined, done: string, stale: string): ActionMessageValue {
  if (!error) return { tone: 'info', text: done };
  return { tone: 'error', text: error instanceof ApiError && error.isStale ? stale : error.message };
}
