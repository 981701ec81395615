import { Injectable } from '@nestjs/common';
import { OPEN_TASK_STATUSES } from '@app/fhir';
import { DurationSummary, ReasonCount, SUPPRESSED, suppressedCount } from '@app/fhir/board/board-metrics';
import { SqlClient } from '../database/sql-client';

/** Which transferred tasks a figure counts: one organisation's (or all) and, for trends, a period of hand-over. */
export interface TaskLoadFilter {
  hospital?: string;
  unit?: string;
  office?: string;
  category?: string;
  /** Handed over at or after this instant. */
  from?: Date;
  /** Handed over before this instant. */
  until?: Date;
}

/** A count of tasks and of the patients they are about: what suppression needs. */
export interface TaskCount {
  tasks: number;
  patients: number;
}

export interface WeekRow {
  weekStart: string;
  week: string;
  transferred: TaskCount;
  contested: TaskCount;
  accepted: TaskCount;
  completed: TaskCount;
  medianHoursToAccept: number | null;
  acceptedPatients: number;
}

export interface GroupRow {
  key: string;
  transferred: TaskCount;
  contested: TaskCount;
}

export interface OfficeRow {
  office: string;
  name: string;
  gps: number;
  open: TaskCount;
  oldestOpenSince: string | null;
}

export interface NowCounts {
  open: TaskCount;
  overdue: TaskCount;
  unassigned: TaskCount;
  awaitingHospital: TaskCount;
  openByCategory: Map<string, TaskCount>;
}

/** Tasks that were really handed over: a draft has not been, and an entry in error never was. */
const HANDED_OVER = `l.status NOT IN ('draft', 'entered-in-error')`;
const OSLO = `'Europe/Oslo'`;

/** SQL conditions and their parameters, numbered from `first`. */
function whereOf(filter: TaskLoadFilter, params: unknown[]): string[] {
  const where: string[] = [HANDED_OVER];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.hospital) add('l.hospital = ?', filter.hospital);
  if (filter.unit) add('l.hospital_unit = ?', filter.unit);
  if (filter.office) add('l.gp_office = ?', filter.office);
  if (filter.category) add('l.category = ?', filter.category);
  if (filter.from) add('l.transferred_at >= ?', filter.from);
  if (filter.until) add('l.transferred_at < ?', filter.until);
  return where;
}

function count(tasks: unknown, patients: unknown): TaskCount {
  return { tasks: Number(tasks ?? 0), patients: Number(patients ?? 0) };
}

export function shown(value: TaskCount) {
  return suppressedCount(value.tasks, value.patients);
}

function hours(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;
}

/**
 * The SQL behind every board and quality figure, over `task_load` (one indexed row per task): each
 * figure is one grouped query within a scope and period, never a pass over all tasks per change.
 * Weeks and days are Europe/Oslo calendar weeks and days, whatever the server's time zone.
 */
@Injectable()
export class TaskLoadQuery {
  /** Open, overdue, unassigned and awaiting-hospital tasks now, and open tasks per category. */
  async now(client: SqlClient, filter: TaskLoadFilter, today: string): Promise<NowCounts> {
    const params: unknown[] = [OPEN_TASK_STATUSES, today];
    const where = whereOf({ ...filter, from: undefined, until: undefined }, params);
    const { rows } = await client.query<Record<string, string | number | null>>(
      `SELECT l.category,
              count(*) FILTER (WHERE l.status = ANY($1)) AS open, count(DISTINCT l.patient) FILTER (WHERE l.status = ANY($1)) AS open_p,
              count(*) FILTER (WHERE l.status = ANY($1) AND l.due_on < $2::date) AS overdue,
              count(DISTINCT l.patient) FILTER (WHERE l.status = ANY($1) AND l.due_on < $2::date) AS overdue_p,
              count(*) FILTER (WHERE l.status = ANY($1) AND l.owner IS NULL) AS unassigned,
              count(DISTINCT l.patient) FILTER (WHERE l.status = ANY($1) AND l.owner IS NULL) AS unassigned_p,
              count(*) FILTER (WHERE l.status = 'rejected') AS awaiting, count(DISTINCT l.patient) FILTER (WHERE l.status = 'rejected') AS awaiting_p,
              GROUPING(l.category) AS total_row
         FROM task_load l
        WHERE ${where.join(' AND ')}
          AND (l.status = ANY($1) OR (l.status = 'rejected' AND l.contest_resolution = 'awaiting-hospital'))
        GROUP BY GROUPING SETS ((), (l.category))`,
      params,
    );
    const total = rows.find((row) => Number(row.total_row) === 1);
    const openByCategory = new Map<string, TaskCount>();
    for (const row of rows) {
      if (Number(row.total_row) === 0 && row.category !== null) openByCategory.set(String(row.category), count(row.open, row.open_p));
    }
    return {
      open: count(total?.open, total?.open_p),
      overdue: count(total?.overdue, total?.overdue_p),
      unassigned: count(total?.unassigned, total?.unassigned_p),
      awaitingHospital: count(total?.awaiting, total?.awaiting_p),
      openByCategory,
    };
  }

  /** Tasks handed over in the period, and how many of them were contested, accepted and completed. */
  async totals(client: SqlClient, filter: TaskLoadFilter): Promise<Record<'transferred' | 'contested' | 'accepted' | 'completed', TaskCount>> {
    const params: unknown[] = [];
    const { rows } = await client.query<Record<string, string>>(
      `SELECT count(*) AS transferred, count(DISTINCT l.patient) AS transferred_p,
              count(*) FILTER (WHERE l.contested_at IS NOT NULL) AS contested, count(DISTINCT l.patient) FILTER (WHERE l.contested_at IS NOT NULL) AS contested_p,
              count(*) FILTER (WHERE l.accepted_at IS NOT NULL) AS accepted, count(DISTINCT l.patient) FILTER (WHERE l.accepted_at IS NOT NULL) AS accepted_p,
              count(*) FILTER (WHERE l.completed_at IS NOT NULL) AS completed, count(DISTINCT l.patient) FILTER (WHERE l.completed_at IS NOT NULL) AS completed_p
         FROM task_load l WHERE ${whereOf(filter, params).join(' AND ')}`,
      params,
    );
    const row = rows[0] ?? {};
    return {
      transferred: count(row.transferred, row.transferred_p),
      contested: count(row.contested, row.contested_p),
      accepted: count(row.accepted, row.accepted_p),
      completed: count(row.completed, row.completed_p),
    };
  }

  /** Per Europe/Oslo week of hand-over, every week of the period included (empty ones as zero). */
  async weeks(client: SqlClient, filter: TaskLoadFilter & { from: Date; until: Date }): Promise<WeekRow[]> {
    const params: unknown[] = [];
    const where = whereOf(filter, params);
    params.push(filter.from, filter.until);
    const from = `$${params.length - 1}::timestamptz`;
    const until = `$${params.length}::timestamptz`;
    const { rows } = await client.query<Record<string, string | number | null>>(
      `WITH weeks AS (
         SELECT generate_series(date_trunc('week', ${from} AT TIME ZONE ${OSLO}),
                                date_trunc('week', (${until} - interval '1 microsecond') AT TIME ZONE ${OSLO}),
                                interval '1 week')::date AS week_start
       ), counted AS (
         SELECT date_trunc('week', l.transferred_at AT TIME ZONE ${OSLO})::date AS week_start,
                count(*) AS transferred, count(DISTINCT l.patient) AS transferred_p,
                count(*) FILTER (WHERE l.contested_at IS NOT NULL) AS contested,
                count(DISTINCT l.patient) FILTER (WHERE l.contested_at IS NOT NULL) AS contested_p,
                count(*) FILTER (WHERE l.accepted_at IS NOT NULL) AS accepted,
                count(DISTINCT l.patient) FILTER (WHERE l.accepted_at IS NOT NULL) AS accepted_p,
                count(*) FILTER (WHERE l.completed_at IS NOT NULL) AS completed,
                count(DISTINCT l.patient) FILTER (WHERE l.completed_at IS NOT NULL) AS completed_p,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM l.accepted_at - l.transferred_at) / 3600)
                  FILTER (WHERE l.accepted_at IS NOT NULL) AS median_accept
           FROM task_load l WHERE ${where.join(' AND ')}
          GROUP BY 1
       )
       SELECT to_char(w.week_start, 'YYYY-MM-DD') AS monday, to_char(w.week_start, 'IYYY-"W"IW') AS week, c.transferred, c.transferred_p,
              c.contested, c.contested_p, c.accepted, c.accepted_p, c.completed, c.completed_p, c.median_accept
         FROM weeks w LEFT JOIN counted c USING (week_start)
        ORDER BY w.week_start`,
      params,
    );
    return rows.map((row) => ({
      weekStart: String(row.monday),
      week: String(row.week),
      transferred: count(row.transferred, row.transferred_p),
      contested: count(row.contested, row.contested_p),
      accepted: count(row.accepted, row.accepted_p),
      completed: count(row.completed, row.completed_p),
      medianHoursToAccept: hours(row.median_accept),
      acceptedPatients: Number(row.accepted_p ?? 0),
    }));
  }

  /** Handed over and contested, per value of one column (category, unit or office), biggest first. */
  async groupedBy(client: SqlClient, filter: TaskLoadFilter, column: 'category' | 'hospital_unit' | 'gp_office'): Promise<GroupRow[]> {
    const params: unknown[] = [];
    const { rows } = await client.query<Record<string, string | null>>(
      `SELECT l.${column} AS key, count(*) AS transferred, count(DISTINCT l.patient) AS transferred_p,
              count(*) FILTER (WHERE l.contested_at IS NOT NULL) AS contested,
              count(DISTINCT l.patient) FILTER (WHERE l.contested_at IS NOT NULL) AS contested_p
         FROM task_load l WHERE ${whereOf(filter, params).join(' AND ')} AND l.${column} IS NOT NULL
        GROUP BY l.${column} ORDER BY count(*) DESC, l.${column}`,
      params,
    );
    return rows.map((row) => ({ key: String(row.key), transferred: count(row.transferred, row.transferred_p), contested: count(row.contested, row.contested_p) }));
  }

  /** Why tasks handed over in the period were contested, most common first. */
  async contestedReasons(client: SqlClient, filter: TaskLoadFilter): Promise<ReasonCount[]> {
    const params: unknown[] = [];
    const { rows } = await client.query<{ reason: string; tasks: string; patients: string }>(
      `SELECT l.contest_reason AS reason, count(*) AS tasks, count(DISTINCT l.patient) AS patients
         FROM task_load l WHERE ${whereOf(filter, params).join(' AND ')} AND l.contested_at IS NOT NULL AND l.contest_reason IS NOT NULL
        GROUP BY l.contest_reason ORDER BY count(*) DESC, l.contest_reason`,
      params,
    );
    return rows.map((row) => ({ reason: row.reason, count: shown(count(row.tasks, row.patients)) }));
  }

  /** Median and p90 hours from hand-over to acceptance and to completion, for tasks handed over in the period. */
  async durations(client: SqlClient, filter: TaskLoadFilter): Promise<{ toAccept: DurationSummary; toComplete: DurationSummary }> {
    const params: unknown[] = [];
    const { rows } = await client.query<Record<string, string | number | null>>(
      `SELECT count(*) FILTER (WHERE l.accepted_at IS NOT NULL) AS accepted, count(DISTINCT l.patient) FILTER (WHERE l.accepted_at IS NOT NULL) AS accepted_p,
              percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM l.accepted_at - l.transferred_at) / 3600)
                FILTER (WHERE l.accepted_at IS NOT NULL) AS to_accept,
              count(*) FILTER (WHERE l.completed_at IS NOT NULL) AS completed, count(DISTINCT l.patient) FILTER (WHERE l.completed_at IS NOT NULL) AS completed_p,
              percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM l.completed_at - l.transferred_at) / 3600)
                FILTER (WHERE l.completed_at IS NOT NULL) AS to_complete
         FROM task_load l WHERE ${whereOf(filter, params).join(' AND ')}`,
      params,
    );
    const row = rows[0] ?? {};
    const summary = (tasks: unknown, patients: unknown, percentiles: unknown): DurationSummary => {
      const counted = count(tasks, patients);
      if (shown(counted) === SUPPRESSED) return { medianHours: SUPPRESSED, p90Hours: SUPPRESSED, tasks: SUPPRESSED };
      const [median, p90] = Array.isArray(percentiles) ? percentiles : [null, null];
      return { medianHours: hours(median), p90Hours: hours(p90), tasks: counted.tasks };
    };
    return {
      toAccept: summary(row.accepted, row.accepted_p, row.to_accept),
      toComplete: summary(row.completed, row.completed_p, row.to_complete),
    };
  }

  /**
   * Open tasks per GP office with its number of GPs and its oldest open task; `office` limits it to
   * one office, which is listed even with nothing open.
   */
  async officeLoad(client: SqlClient, filter: TaskLoadFilter): Promise<OfficeRow[]> {
    const params: unknown[] = [OPEN_TASK_STATUSES];
    const where = whereOf({ ...filter, from: undefined, until: undefined }, params);
    params.push(filter.office ?? null);
    const { rows } = await client.query<Record<string, string | null>>(
      `WITH open_tasks AS (
         SELECT l.gp_office AS office, count(*) AS tasks, count(DISTINCT l.patient) AS patients, min(l.transferred_at) AS oldest
           FROM task_load l WHERE ${where.join(' AND ')} AND l.status = ANY($1) AND l.gp_office IS NOT NULL
          GROUP BY l.gp_office
       ), offices AS (
         SELECT office FROM open_tasks UNION SELECT $${params.length}::text WHERE $${params.length}::text IS NOT NULL
       )
       SELECT o.office, org.resource->>'name' AS name, COALESCE(t.tasks, 0) AS tasks, COALESCE(t.patients, 0) AS patients, t.oldest,
              (SELECT count(*) FROM fhir_practitioner_role r
                WHERE r.sp_organization = o.office AND COALESCE((r.resource->>'active')::boolean, true)
                  AND r.resource->'code' @> '[{"coding": [{"system": "urn:bro:practitioner-role", "code": "gp"}]}]') AS gps
         FROM offices o
         LEFT JOIN open_tasks t USING (office)
         LEFT JOIN fhir_organization org ON o.office = 'Organization/' || org.id`,
      params,
    );
    return rows.map((row) => ({
      office: String(row.office),
      name: row.name ?? String(row.office),
      gps: Number(row.gps ?? 0),
      open: count(row.tasks, row.patients),
      oldestOpenSince: row.oldest ? new Date(row.oldest).toISOString() : null,
    }));
  }
}

/** The instants the board's periods start at, in Europe/Oslo time. */
export interface BoardCalendar {
  /** Today in Oslo, YYYY-MM-DD. */
  today: string;
  startOfToday: Date;
  startOfWeek: Date;
  /** Monday of the week eleven weeks before this one: twelve weeks with this one. */
  startOfTrend: Date;
}

/** Where Oslo's calendar days start, as instants: daylight saving time makes some days 23 or 25 hours long. */
export async function boardCalendar(client: SqlClient, now: Date, trendWeeks: number): Promise<BoardCalendar> {
  const { rows } = await client.query<{ today: string; day: Date; week: Date; trend: Date }>(
    `SELECT to_char($1::timestamptz AT TIME ZONE ${OSLO}, 'YYYY-MM-DD') AS today,
            date_trunc('day', $1::timestamptz AT TIME ZONE ${OSLO}) AT TIME ZONE ${OSLO} AS day,
            date_trunc('week', $1::timestamptz AT TIME ZONE ${OSLO}) AT TIME ZONE ${OSLO} AS week,
            (date_trunc('week', $1::timestamptz AT TIME ZONE ${OSLO}) - make_interval(weeks => $2::int - 1)) AT TIME ZONE ${OSLO} AS trend`,
    [now, trendWeeks],
  );
  return { today: rows[0].today, startOfToday: rows[0].day, startOfWeek: rows[0].week, startOfTrend: rows[0].trend };
}

/** The instants Oslo calendar days (YYYY-MM-DD) start at. */
export async function osloDayStarts(client: SqlClient, days: string[]): Promise<Date[]> {
  const { rows } = await client.query<{ start: Date }>(
    `SELECT d::date::timestamp AT TIME ZONE ${OSLO} AS start FROM unnest($1::text[]) WITH ORDINALITY AS days(d, n) ORDER BY n`,
    [days],
  );
  return rows.map((row) => row.start);
}
