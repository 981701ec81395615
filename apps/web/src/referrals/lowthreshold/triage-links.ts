import type { CaseList } from '../referral-api';

/** The web app's own addresses of the low-threshold views (the queue's tab and page live in the query). */
export const QUEUE_PATH = '/lowthreshold';
const CASE_PREFIX = `${QUEUE_PATH}/cases/`;

export const CASE_LISTS: readonly CaseList[] = ['open', 'mine', 'closed'];

export function caseLink(id: string): string {
  return `${CASE_PREFIX}${encodeURIComponent(id)}`;
}

/** The case id of a case view's path, undefined on the queue itself. */
export function caseIdOfPath(path: string): string | undefined {
  return path.startsWith(CASE_PREFIX) && path.length > CASE_PREFIX.length ? decodeURIComponent(path.slice(CASE_PREFIX.length)) : undefined;
}

export function caseListOf(value: string | null): CaseList {
  return CASE_LISTS.find((list) => list === value) ?? 'open';
}
