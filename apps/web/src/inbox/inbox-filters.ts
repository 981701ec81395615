import { queryString } from '../api/api-client';

/** The inbox's filters, kept in the address (`/inbox?due=overdue`), as `GET /api/inbox/tasks` takes them. */
export interface InboxFilters {
  scope?: 'mine' | 'office' | 'all';
  status?: string;
  category?: string;
  due?: 'overdue' | 'this-week';
  /** One patient's tasks only (a Patient id), e.g. from a link on the patient's name. */
  patient?: string;
  page?: number;
}

export const PAGE_SIZE = 50;

export function inboxFiltersFrom(query: URLSearchParams): InboxFilters {
  const scope = query.get('scope');
  const due = query.get('due');
  const page = Number(query.get('page'));
  return {
    scope: scope === 'mine' || scope === 'office' ? scope : undefined,
    status: query.get('status') || undefined,
    category: query.get('category') || undefined,
    due: due === 'overdue' || due === 'this-week' ? due : undefined,
    patient: query.get('patient') || undefined,
    page: Number.isInteger(page) && page > 1 ? page : undefined,
  };
}

export function filtersAreSet(filters: InboxFilters): boolean {
  return Boolean(filters.scope || filters.status || filters.category || filters.due || filters.patient);
}

export function taskListPath(filters: InboxFilters): string {
  return `/api/inbox/tasks${queryString({ ...filters, pageSize: PAGE_SIZE })}`;
}

export function countsPath(filters: InboxFilters): string {
  return `/api/inbox/counts${queryString({ scope: filters.scope })}`;
}

/** The filters as address query parameters (page left out unless past the first). */
export function filtersAsQuery(filters: InboxFilters): Record<string, string | undefined> {
  return {
    scope: filters.scope,
    status: filters.status,
    category: filters.category,
    due: filters.due,
    patient: filters.patient,
    page: filters.page && filters.page > 1 ? String(filters.page) : undefined,
  };
}
