import { Injectable } from '@nestjs/common';
import { OPEN_TASK_STATUSES, UNASSIGNED_GROUP } from '@app/fhir';
import { BoardScope, DurationSummary, MIN_PATIENTS_PER_CELL, SUPPRESSED, parseBoardScope, suppressedCount } from '@app/fhir/board/board-metrics';
import { TaskCount } from '../../access/complementary-suppression';
import { SqlClient } from '../../database/sql-client';

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
  /** Narrowings to several organisations or categories at once (for counting patients of many cells). */
  hospitalIn?: string[];
  officeIn?: string[];
  categoryIn?: string[];
}

/** The tasks a board counts: its hospital's, its GP office's, or (the municipality) all. */
export function filterOfScope(scope: BoardScope): TaskLoadFilter {
  const parsed = parseBoardScope(scope);
  if (parsed?.kind === 'hospital') return { hospital: parsed.organization };
  if (parsed?.kind === 'office') return { office: parsed.organization };
  return {};
}

export interface WeekRow {
  weekStart: string;
  week: string;
  transferred: TaskCount;
  contested: TaskCount;
  accepted: TaskCount;
  completed: TaskCount;
  medianHoursToAccept: number | null;
}

export interface GroupRow {
  key: string;
  transferred: TaskCount;
  contested: TaskCount;
}

export interface NowCounts {
  open: TaskCount;
  overdue: TaskCount;
  unassigned: TaskCount;
  awaitingHospital: TaskCount;
  openByCategory: Map<string, TaskCount>;
  /** Open tasks per GP office, with the oldest one's hand-over. */
  openByOffice: Map<string, TaskCount & { oldest: string | null }>;
}

/** Tasks that were really handed over: a draft has not been, and an entry in error never was. */
export const HANDED_OVER = `l.status NOT IN ('draft', 'entered-in-error')`;
const OSLO = `'Europe/Oslo'`;
export const OPEN = `l.status = ANY('{${OPEN_TASK_STATUSES.join(',')}}'::text[])`;
export const WEEK_OF = `date_trunc('week', l.transferred_at AT TIME ZONE ${OSLO})::date`;

type Row = Record<string, unknown>;

/** What a query counts: the tasks where `when` holds, as a column named `name`. */
export interface Measure {
  name: string;
  when: string;
}

export function measured(measures: Measure[]): string {
  return measures.map(({ name, when }) => `count(*) FILTER (WHERE ${when}) AS ${name}`).join(', ');
}

/** SQL conditions for a filter, with their parameters appended to `params`. */
export function whereOf(filter: TaskLoadFilter, params: unknown[]): string[] {
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
  if (filter.hospitalIn) add('l.hospital = ANY(?::text[])', filter.hospitalIn);
  if (filter.officeIn) add('l.gp_office = ANY(?::text[])', filter.officeIn);
  if (filter.categoryIn) add('l.category = ANY(?::text[])', filter.categoryIn);
  return where;
}

/** A measure of a row, with its patients where they were counted; "at least five" (5) where they need not be. */
export function count(row: Row | undefined, name: string): TaskCount {
  const tasks = Number(row?.[name] ?? 0);
  const patients = row?.[`${name}_p`];
  return { tasks, patients: patients === undefined ? Math.min(tasks, MIN_PATIENTS_PER_CELL) : Number(patients) };
}

export function shown(value: TaskCount) {
  return suppressedCount(value.tasks, value.patients);
}

export function hours(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;
}

/** A row of a grouped result; `keyExpr` is the SQL its `key` was grouped by (none for a total). */
export interface Cell {
  row: Row;
  keyExpr?: string;
  key?: string;
}

/**
 * The SQL behind every board and quality figure, over `task_load` (one indexed row per task), by
 * scope and period. Weeks and days are Europe/Oslo calendar weeks and days, whatever the server's
 * time zone.
 *
 * Suppression ("<5") needs the number of distinct patients in a cell, and counting distinct values
 * is what makes a grouped query over a large scope slow. It is only needed where it can change the
 * answer: a cell of at least 5 × (most tasks any patient has) tasks is about at least five patients.
 * So each figure is counted first without patients, and only its smaller cells are counted again,
 * exactly, with them.
 */
@Injectable()
export class TaskLoadQuery {
  /** Tasks a cell needs for five patients to be certain: five times the most tasks any one patient has. */
  async patientBound(client: SqlClient): Promise<number> {
    const { rows } = await client.query<{ most: number | null }>('SELECT max(tasks) AS most FROM task_load_patient');
    return MIN_PATIENTS_PER_CELL * Math.max(1, Number(rows[0]?.most ?? 1));
  }

  /**
   * Adds the patients of the cells that need them: per measure, one query over only the tasks of those
   * cells where the measure holds, which is fewer than `bound` per cell by construction.
   */
  async countPatients(client: SqlClient, filter: TaskLoadFilter, cells: Cell[], measures: Measure[], bound: number): Promise<void> {
    const counts: Array<Promise<void>> = [];
    for (const measure of measures) {
      const needing = cells.filter(({ row }) => {
        const tasks = Number(row[measure.name] ?? 0);
        return tasks > 0 && tasks < bound;
      });
      const byExpression = new Map<string, Cell[]>();
      for (const cell of needing) byExpression.set(cell.keyExpr ?? '', [...(byExpression.get(cell.keyExpr ?? '') ?? []), cell]);
      for (const [expression, group] of byExpression) {
        const params: unknown[] = [];
        const where = [...whereOf(filter, params), measure.when];
        if (expression) {
          params.push(group.map((cell) => cell.key));
          where.push(`${expression} = ANY($${params.length}::text[])`);
        }
        // The counts are independent: sent together, not one round trip after another.
        counts.push(
          client
            .query<{ key: string | null; patients: string }>(
              `SELECT ${expression || 'NULL::text'} AS key, count(DISTINCT l.patient) AS patients FROM task_load l WHERE ${where.join(' AND ')} GROUP BY 1`,
              params,
            )
            .then(({ rows }) => {
              const patients = new Map(rows.map((row) => [row.key ?? '', Number(row.patients)]));
              for (const cell of group) cell.row[`${measure.name}_p`] = patients.get(cell.key ?? '') ?? 0;
            }),
        );
      }
    }
    await Promise.all(counts);
  }

  /** Open, overdue, unassigned and awaiting-hospital tasks now, and open tasks per category and per GP office. */
  async now(client: SqlClient, filter: TaskLoadFilter, today: string, bound: number): Promise<NowCounts> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
    const measures: Measure[] = [
      { name: 'open', when: OPEN },
      { name: 'overdue', when: `${OPEN} AND l.due_on < '${today}'::date` },
      { name: 'unassigned', when: `${OPEN} AND l.owner IS NULL` },
      { name: 'awaiting', when: `l.status = 'rejected' AND l.contest_resolution = 'awaiting-hospital'` },
    ];
    const scope = { ...filter, from: undefined, until: undefined };
    const params: unknown[] = [];
    const { rows } = await client.query<Row>(
      `SELECT l.category, l.gp_office, ${measured(measures)}, min(l.transferred_at) FILTER (WHERE ${OPEN}) AS oldest,
              GROUPING(l.category) AS no_category, GROUPING(l.gp_office) AS no_office
         FROM task_load l
        WHERE ${whereOf(scope, params).join(' AND ')} AND (${OPEN} OR (l.status = 'rejected' AND l.contest_resolution = 'awaiting-hospital'))
        GROUP BY GROUPING SETS ((), (l.category), (l.gp_office))`,
      params,
    );
    const total = rows.find((row) => Number(row.no_category) === 1 && Number(row.no_office) === 1) ?? {};
    const byCategory = rows.filter((row) => Number(row.no_category) === 0 && row.category !== null);
    const byOffice = rows.filter((row) => Number(row.no_office) === 0 && row.gp_office !== null && Number(row.open) > 0);
    await this.countPatients(client, scope, [{ row: total }], measures, bound);
    await this.countPatients(
      client,
      scope,
      [
        ...byCategory.map((row) => ({ row, keyExpr: 'l.category', key: String(row.category) })),
        ...byOffice.map((row) => ({ row, keyExpr: 'l.gp_office', key: String(row.gp_office) })),
      ],
      [measures[0]],
      bound,
    );
    return {
      open: count(total, 'open'),
      overdue: count(total, 'overdue'),
      unassigned: count(total, 'unassigned'),
      awaitingHospital: count(total, 'awaiting'),
      openByCategory: new Map(byCategory.map((row) => [String(row.category), count(row, 'open')])),
      openByOffice: new Map(byOffice.map((row) => [String(row.gp_office), { ...count(row, 'open'), oldest: row.oldest ? new Date(row.oldest as string).toISOString() : null }])),
    };
  }

  /** Tasks handed over in the period, and how many of them were contested, accepted and completed. */
  async totals(client: SqlClient, filter: TaskLoadFilter, bound: number): Promise<Record<'transferred' | 'contested' | 'accepted' | 'completed', TaskCount>> {
    const params: unknown[] = [];
    const { rows } = await client.query<Row>(`SELECT ${measured(LIFECYCLE_MEASURES)} FROM task_load l WHERE ${whereOf(filter, params).join(' AND ')}`, params);
    const row = rows[0] ?? {};
    await this.countPatients(client, filter, [{ row }], LIFECYCLE_MEASURES, bound);
    return { transferred: count(row, 'transferred'), contested: count(row, 'contested'), accepted: count(row, 'accepted'), completed: count(row, 'completed') };
  }

  /**
   * Per Europe/Oslo week of hand-over, every week of the period included (empty ones as zero); with
   * `median`, the median hours to acceptance per week.
   */
  async weeks(client: SqlClient, filter: TaskLoadFilter & { from: Date; until: Date }, bound: number, median = false): Promise<WeekRow[]> {
    const params: unknown[] = [];
    const where = whereOf(filter, params);
    params.push(filter.from, filter.until);
    const from = `$${params.length - 1}::timestamptz`;
    const until = `$${params.length}::timestamptz`;
    const medianColumn = median
      ? `, percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM l.accepted_at - l.transferred_at) / 3600) FILTER (WHERE l.accepted_at IS NOT NULL) AS median_accept`
      : '';
    const { rows } = await client.query<Row>(
      `WITH weeks AS (
         SELECT generate_series(date_trunc('week', ${from} AT TIME ZONE ${OSLO}),
                                date_trunc('week', (${until} - interval '1 microsecond') AT TIME ZONE ${OSLO}),
                                interval '1 week')::date AS week_start
       ), counted AS (
         SELECT ${WEEK_OF} AS week_start, ${measured(LIFECYCLE_MEASURES)}${medianColumn}
           FROM task_load l WHERE ${where.join(' AND ')}
          GROUP BY 1
       )
       SELECT to_char(w.week_start, 'YYYY-MM-DD') AS monday, to_char(w.week_start, 'IYYY-"W"IW') AS week, c.*
         FROM weeks w LEFT JOIN counted c ON c.week_start = w.week_start
        ORDER BY w.week_start`,
      params,
    );
    const cells = rows.map((row) => ({ row, keyExpr: `to_char(${WEEK_OF}, 'YYYY-MM-DD')`, key: String(row.monday) }));
    const small = cells.filter(({ row }) => LIFECYCLE_MEASURES.some(({ name }) => Number(row[name] ?? 0) > 0 && Number(row[name] ?? 0) < bound));
    if (small.length) {
      // Patients only over the span of the weeks that need them, so the index on hand-over time narrows it.
      const [first, afterLast] = await osloDayStarts(client, [small[0].key, nextMonday(small[small.length - 1].key)]);
      const span = { ...filter, from: new Date(Math.max(first.getTime(), filter.from.getTime())), until: new Date(Math.min(afterLast.getTime(), filter.until.getTime())) };
      await this.countPatients(client, span, small, LIFECYCLE_MEASURES, bound);
    }
    return rows.map((row) => ({
      weekStart: String(row.monday),
      week: String(row.week),
      transferred: count(row, 'transferred'),
      contested: count(row, 'contested'),
      accepted: count(row, 'accepted'),
      completed: count(row, 'completed'),
      medianHoursToAccept: hours(row.median_accept),
    }));
  }

  /**
   * Handed over and contested, per value of one column (category, unit or office), biggest first. Per office,
   * the tasks that have none (nobody owns them: the patient had no GP Bro could find) are a group of their own,
   * keyed `unassigned`, so the offices and that group add up to the whole.
   */
  async groupedBy(client: SqlClient, filter: TaskLoadFilter, column: 'category' | 'hospital_unit' | 'gp_office', bound: number): Promise<GroupRow[]> {
    const measures = LIFECYCLE_MEASURES.slice(0, 2);
    const params: unknown[] = [];
    const key = column === 'gp_office' ? `coalesce(l.gp_office, '${UNASSIGNED_GROUP.key}')` : `l.${column}`;
    const { rows } = await client.query<Row>(
      `SELECT ${key} AS key, ${measured(measures)}
         FROM task_load l WHERE ${whereOf(filter, params).join(' AND ')} AND ${key} IS NOT NULL
        GROUP BY 1 ORDER BY count(*) DESC, 1`,
      params,
    );
    await this.countPatients(client, filter, rows.map((row) => ({ row, keyExpr: key, key: String(row.key) })), measures, bound);
    return rows.map((row) => ({ key: String(row.key), transferred: count(row, 'transferred'), contested: count(row, 'contested') }));
  }

  /** Why tasks handed over in the period were contested, most common first. */
  async contestedReasons(client: SqlClient, filter: TaskLoadFilter, bound: number): Promise<Array<{ reason: string; count: TaskCount }>> {
    const measures: Measure[] = [{ name: 'contested', when: 'l.contested_at IS NOT NULL' }];
    const params: unknown[] = [];
    const { rows } = await client.query<Row>(
      `SELECT l.contest_reason AS reason, ${measured(measures)}
         FROM task_load l WHERE ${whereOf(filter, params).join(' AND ')} AND l.contested_at IS NOT NULL AND l.contest_reason IS NOT NULL
        GROUP BY l.contest_reason ORDER BY count(*) DESC, l.contest_reason`,
      params,
    );
    await this.countPatients(client, filter, rows.map((row) => ({ row, keyExpr: 'l.contest_reason', key: String(row.reason) })), measures, bound);
    return rows.map((row) => ({ reason: String(row.reason), count: count(row, 'contested') }));
  }

  /** Median and p90 hours from hand-over to acceptance and to completion, for tasks handed over in the period. */
  async durations(client: SqlClient, filter: TaskLoadFilter, bound: number): Promise<{ toAccept: DurationSummary; toComplete: DurationSummary }> {
    const measures = LIFECYCLE_MEASURES.slice(2);
    const params: unknown[] = [];
    const { rows } = await client.query<Row>(
      `SELECT ${measured(measures)},
              percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM l.accepted_at - l.transferred_at) / 3600)
                FILTER (WHERE l.accepted_at IS NOT NULL) AS to_accept,
              percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM l.completed_at - l.transferred_at) / 3600)
                FILTER (WHERE l.completed_at IS NOT NULL) AS to_complete
         FROM task_load l WHERE ${whereOf(filter, params).join(' AND ')}`,
      params,
    );
    const row = rows[0] ?? {};
    await this.countPatients(client, filter, [{ row }], measures, bound);
    const summary = (counted: TaskCount, percentiles: unknown): DurationSummary => {
      if (shown(counted) === SUPPRESSED) return { medianHours: SUPPRESSED, p90Hours: SUPPRESSED, tasks: SUPPRESSED };
      const [median, p90] = Array.isArray(percentiles) ? percentiles : [null, null];
      return { medianHours: hours(median), p90Hours: hours(p90), tasks: counted.tasks };
    };
    return { toAccept: summary(count(row, 'accepted'), row.to_accept), toComplete: summary(count(row, 'completed'), row.to_complete) };
  }

  /** The GP offices' names and numbers of GPs (active PractitionerRoles coded `gp`). */
  async offices(client: SqlClient, references: string[]): Promise<Array<{ office: string; name: string; gps: number }>> {
    if (references.length === 0) return [];
    const { rows } = await client.query<{ office: string; name: string | null; gps: string }>(
      `SELECT o.office, org.resource->>'name' AS name,
              (SELECT count(*) FROM fhir_practitioner_role r
                WHERE r.sp_organization = o.office AND COALESCE((r.resource->>'active')::boolean, true)
                  AND r.resource->'code' @> '[{"coding": [{"system": "urn:bro:practitioner-role", "code": "gp"}]}]') AS gps
         FROM unnest($1::text[]) AS o(office)
         LEFT JOIN fhir_organization org ON o.office = 'Organization/' || org.id`,
      [references],
    );
    return rows.map((row) => ({ office: row.office, name: row.name ?? row.office, gps: Number(row.gps) }));
  }
}

/** Of tasks handed over in a period: all of them, and those contested, accepted and completed at some time. */
const LIFECYCLE_MEASURES: Measure[] = [
  { name: 'transferred', when: 'TRUE' },
  { name: 'contested', when: 'l.contested_at IS NOT NULL' },
  { name: 'accepted', when: 'l.accepted_at IS NOT NULL' },
  { name: 'completed', when: 'l.completed_at IS NOT NULL' },
];

function nextMonday(monday: string): string {
  const [year, month, day] = monday.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + 7)).toISOString().slice(0, 10);
}

/** The instants the board's periods start at, in Europe/Oslo time. */
export interface BoardCalendar {
  /** Today in Oslo, YYYY-MM-DD. */
  today: string;
  /** This ISO week (2026-W48) and its Monday (YYYY-MM-DD). */
  week: string;
  monday: string;
  startOfToday: Date;
  startOfWeek: Date;
  /** Monday of the week eleven weeks before this one: twelve weeks with this one. */
  startOfTrend: Date;
}

/** Where Oslo's calendar days start, as instants: daylight saving time makes some days 23 or 25 hours long. */
export async function boardCalendar(client: SqlClient, now: Date, trendWeeks: number): Promise<BoardCalendar> {
  const { rows } = await client.query<{ today: string; label: string; monday: string; day: Date; week: Date; trend: Date }>(
    `SELECT to_char($1::timestamptz AT TIME ZONE ${OSLO}, 'YYYY-MM-DD') AS today,
            to_char($1::timestamptz AT TIME ZONE ${OSLO}, 'IYYY-"W"IW') AS label,
            to_char(date_trunc('week', $1::timestamptz AT TIME ZONE ${OSLO}), 'YYYY-MM-DD') AS monday,
            date_trunc('day', $1::timestamptz AT TIME ZONE ${OSLO}) AT TIME ZONE ${OSLO} AS day,
            date_trunc('week', $1::timestamptz AT TIME ZONE ${OSLO}) AT TIME ZONE ${OSLO} AS week,
            (date_trunc('week', $1::timestamptz AT TIME ZONE ${OSLO}) - make_interval(weeks => $2::int - 1)) AT TIME ZONE ${OSLO} AS trend`,
    [now, trendWeeks],
  );
  return { today: rows[0].today, week: rows[0].label, monday: rows[0].monday, startOfToday: rows[0].day, startOfWeek: rows[0].week, startOfTrend: rows[0].trend };
}

/** The instants Oslo calendar days (YYYY-MM-DD) start at. */
export async function osloDayStarts(client: SqlClient, days: string[]): Promise<Date[]> {
  const { rows } = await client.query<{ start: Date }>(
    `SELECT d::date::timestamp AT TIME ZONE ${OSLO} AS start FROM unnest($1::text[]) WITH ORDINALITY AS days(d, n) ORDER BY n`,
    [days],
  );
  return rows.map((row) => row.start);
}
