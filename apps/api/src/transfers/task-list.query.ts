import { Injectable } from '@nestjs/common';
import { TaskCounts, TaskPage } from '@app/fhir/api/api-answers';
import { OPEN_TASK_STATUSES, Resource, TASK_CATEGORY_SYSTEM, TaskParty, TaskStatus, isTaskCategoryCode, isTaskStatus } from '@app/fhir';
import { ActorScope } from '../directory/actor-scope';
import { Database } from '../database/sql-client';
import { DomainError } from '../common/errors/domain-error';
import { QueryParams, queryText, readPaging, refuseUnknownParams } from '../http/query-params';
import { addDays, osloDate } from '../common/calendar/oslo-calendar';
import { AuditEntry } from '../audit/audit-trail.service';
import { summarizeTask } from './task-summary';

const MAX_PAGE_SIZE = 200;

/** Which of the caller's tasks: those they own (GP side) or those they handed over (hospital side). */
export type TaskSide = 'owner' | 'requester';

export interface TaskListFilters {
  /** GP side: only my own (mine), only my office's shared list (office), or both (all, the default). */
  scope?: 'mine' | 'office' | 'all';
  statuses?: TaskStatus[];
  categories?: string[];
  due?: 'overdue' | 'this-week';
  patientId?: string;
  /** Hospital side: contested tasks still waiting for the hospital. */
  awaitingHospital?: boolean;
  /** Hospital side (`owner=none`): the unit's unassigned queue, open tasks nobody owns (the patient had no GP Bro could find). */
  unassigned?: boolean;
  page?: number;
  pageSize?: number;
}

export type { TaskCounts, TaskPage };

/** Audit entries for a listed page: the caller saw each of these tasks and its patient. */
export function taskListAudit(page: TaskPage, query: string): AuditEntry[] {
  return page.tasks.map((task) => ({
    subtype: 'search-type' as const,
    entity: { type: 'Task', id: task.id, version: task.version },
    patient: task.patient ? `Patient/${task.patient.id}` : undefined,
    query,
  }));
}

/**
 * The day after the coming week (today up to the same weekday next week, Bergen time), as YYYY-MM-DD: the end
 * of "due within 7 days" (`due=this-week`). A rolling week, not the calendar's: on a Friday the calendar week
 * has no working day left, and the GP planning next week must see Monday's deadlines among them.
 */
function endOfComingWeek(today: string): string {
  return addDays(today, 8);
}

function patientName(name: unknown): string | undefined {
  const first = Array.isArray(name) ? (name[0] as { given?: string[]; family?: string; text?: string }) : undefined;
  if (!first) return undefined;
  return first.text ?? [...(first.given ?? []), first.family].filter(Boolean).join(' ');
}

/** Parses the query-string filters of a task list; unknown values are refused, not ignored. */
export function parseTaskListFilters(query: QueryParams): TaskListFilters {
  refuseUnknownParams(query, ['scope', 'status', 'category', 'due', 'patient', 'awaiting', 'owner', 'page', 'pageSize']);
  const text = (key: string) => queryText(query, key);
  const list = (key: string) => text(key)?.split(',').map((v) => v.trim()).filter(Boolean);
  const scope = text('scope');
  if (scope !== undefined && !['mine', 'office', 'all'].includes(scope)) throw DomainError.badRequest('scope is mine, office or all');
  const statuses = list('status');
  const badStatus = statuses?.find((s) => !isTaskStatus(s));
  if (badStatus) throw DomainError.badRequest(`"${badStatus}" is not a task status`);
  const categories = list('category');
  const badCategory = categories?.find((c) => !isTaskCategoryCode(c));
  if (badCategory) throw DomainError.badRequest(`"${badCategory}" is not a task category`);
  const due = text('due');
  if (due !== undefined && due !== 'overdue' && due !== 'this-week') throw DomainError.badRequest('due is overdue or this-week');
  const patient = text('patient');
  const owner = text('owner');
  if (owner !== undefined && owner !== 'none') throw DomainError.badRequest('owner is none (the unassigned queue)', 'owner');
  if (patient !== undefined && !/^[A-Za-z0-9\-.]{1,64}$/.test(patient)) throw DomainError.badRequest('patient is a Patient id');
  return {
    scope: scope as TaskListFilters['scope'],
    statuses: statuses as TaskStatus[] | undefined,
    categories,
    due: due as TaskListFilters['due'],
    patientId: patient,
    awaitingHospital: text('awaiting') === 'hospital' ? true : undefined,
    unassigned: owner === 'none' ? true : undefined,
    ...readPaging(query, { fallback: 50, max: MAX_PAGE_SIZE }),
  };
}

/**
 * The task lists behind the GP inbox and the hospital's hand-over view: one indexed query per page
 * (owner or requester + status, the composite index), patients joined in, never a query per row.
 */
@Injectable()
export class TaskListQuery {
  constructor(private readonly database: Database) {}

  partyReferences(scope: ActorScope, side: TaskSide, filter: TaskListFilters['scope'] = 'all'): string[] {
    if (side === 'requester') return [...scope.actsFor];
    if (filter === 'mine') return scope.practitionerRoles;
    if (filter === 'office') return scope.organizations;
    return [...scope.practitionerRoles, ...scope.organizations];
  }

  async list(scope: ActorScope, side: TaskSide, filters: TaskListFilters, now = new Date()): Promise<TaskPage> {
    const today = osloDate(now);
    const page = filters.page ?? 1;
    const pageSize = Math.min(filters.pageSize ?? 50, MAX_PAGE_SIZE);
    const params: unknown[] = [this.partyReferences(scope, side, filters.scope), filters.statuses ?? OPEN_TASK_STATUSES];
    const add = (value: unknown) => `$${params.push(value)}`;
    const column = side === 'owner' ? 't.sp_owner' : 't.sp_requester';
    const where = [`${column} = ANY($1::text[])`, `t.sp_status = ANY($2::text[])`];
    if (filters.categories?.length) where.push(`t.sp_business_status && ${add(filters.categories.map((c) => `sv:${TASK_CATEGORY_SYSTEM}|${c}`))}::text[]`);
    // sp_due_end is the first instant after the due date, so "due before today" is "ends at or before today".
    if (filters.due === 'overdue') where.push(`t.sp_due_end <= ${add(today)}::date`);
    if (filters.due === 'this-week') where.push(`t.sp_due_end > ${add(today)}::date AND t.sp_due_end <= ${add(endOfComingWeek(today))}::date`);
    if (filters.patientId) where.push(`t.sp_subject = ${add(`Patient/${filters.patientId}`)}`);
    if (filters.unassigned) {
      if (side === 'owner') throw DomainError.badRequest('owner=none lists the unassigned queue, which is the requesting unit\'s: a GP owns every task in their inbox', 'owner');
      // Written out as the partial index's condition (migration 1766000000180), so the queue is read from that index alone.
      where.push(`t.sp_owner IS NULL AND t.sp_status IN (${OPEN_TASK_STATUSES.map((status) => `'${status}'`).join(', ')})`);
    }
    if (filters.awaitingHospital) where.push(`t.resource->'extension' @> '[{"url": "urn:bro:extension:contest-resolution", "valueCode": "awaiting-hospital"}]'`);
    // The page is chosen first (owner/requester + status index), then only its rows meet their patients
    // by primary key: joining on 'Patient/' || id would read every patient for every page.
    const { rows } = await this.database.query<{ resource: Resource; patient_id: string | null; patient_name: unknown; birth_date: string | null; total: string }>(
      `WITH page AS (
         SELECT t.resource, t.sp_subject, t.sp_due_end, t.sp_priority, t.last_updated, t.id, count(*) OVER () AS total
           FROM fhir_task t
          WHERE ${where.join(' AND ')}
          ORDER BY t.sp_due_end ASC NULLS LAST,
                   CASE t.sp_priority WHEN 'stat' THEN 0 WHEN 'asap' THEN 1 WHEN 'urgent' THEN 2 ELSE 3 END,
                   t.last_updated DESC, t.id
          LIMIT ${add(pageSize)} OFFSET ${add((page - 1) * pageSize)}
       )
       SELECT page.resource, page.total, p.id AS patient_id, p.resource->'name' AS patient_name, p.resource->>'birthDate' AS birth_date
         FROM page LEFT JOIN fhir_patient p ON p.id = substr(page.sp_subject, 9) AND page.sp_subject LIKE 'Patient/%'
        ORDER BY page.sp_due_end ASC NULLS LAST,
                 CASE page.sp_priority WHEN 'stat' THEN 0 WHEN 'asap' THEN 1 WHEN 'urgent' THEN 2 ELSE 3 END,
                 page.last_updated DESC, page.id`,
      params,
    );
    const parties: TaskParty[] = [side];
    return {
      total: rows.length ? Number(rows[0].total) : await this.countOnly(where, params.slice(0, params.length - 2)),
      page,
      pageSize,
      tasks: rows.map((row) =>
        summarizeTask(row.resource, today, parties, row.patient_id ? { id: row.patient_id, name: patientName(row.patient_name), birthDate: row.birth_date ?? undefined } : undefined),
      ),
    };
  }

  /** Open tasks per status, overdue and due this week: the inbox badges, in one query. */
  async counts(scope: ActorScope, side: TaskSide, filter: TaskListFilters['scope'] = 'all', now = new Date()): Promise<TaskCounts> {
    const today = osloDate(now);
    const column = side === 'owner' ? 'sp_owner' : 'sp_requester';
    const { rows } = await this.database.query<{ status: string; n: string; overdue: string; this_week: string }>(
      `SELECT sp_status AS status, count(*) AS n,
              count(*) FILTER (WHERE sp_due_end <= $3::date) AS overdue,
              count(*) FILTER (WHERE sp_due_end > $3::date AND sp_due_end <= $4::date) AS this_week
         FROM fhir_task WHERE ${column} = ANY($1::text[]) AND sp_status = ANY($2::text[]) GROUP BY sp_status`,
      [this.partyReferences(scope, side, filter), OPEN_TASK_STATUSES, today, endOfComingWeek(today)],
    );
    const byStatus = Object.fromEntries(OPEN_TASK_STATUSES.map((status) => [status, 0]));
    let open = 0;
    let overdue = 0;
    let dueThisWeek = 0;
    for (const row of rows) {
      byStatus[row.status] = Number(row.n);
      open += Number(row.n);
      overdue += Number(row.overdue);
      dueThisWeek += Number(row.this_week);
    }
    return { open, overdue, dueThisWeek, byStatus };
  }

  private async countOnly(where: string[], params: unknown[]): Promise<number> {
    const { rows } = await this.database.query<{ n: string }>(`SELECT count(*) AS n FROM fhir_task t WHERE ${where.join(' AND ')}`, params);
    return Number(rows[0].n);
  }
}
