import type { DirectorySearchPage } from '@app/fhir/api/directory-answers';
import { apiRequest, queryString } from '../api/api-client';

/** Fewer letters than this find too much to be of use while typing; the box says to type on. */
export const MIN_QUERY_LETTERS = 2;
/** The API's limit (apps/api/src/collaboration/directory/directory-query.ts): longer input is cut, never sent. */
export const MAX_QUERY_LENGTH = 200;
export const SEARCH_PAGE_SIZE = 10;

/** Whether the text holds enough letters or digits to search for (the API refuses punctuation alone). */
export function searchable(text: string): boolean {
  return (text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= MIN_QUERY_LETTERS;
}

export function directorySearchPath(params: { q?: string; patient?: string; page?: number; pageSize?: number }): string {
  return `/api/directory/search${queryString({ q: params.q?.slice(0, MAX_QUERY_LENGTH), patient: params.patient, page: params.page, pageSize: params.pageSize ?? SEARCH_PAGE_SIZE })}`;
}

export function searchDirectory(q: string, page: number, signal: AbortSignal): Promise<DirectorySearchPage> {
  return apiRequest<DirectorySearchPage>(directorySearchPath({ q: q.trim(), page }), { signal });
}
