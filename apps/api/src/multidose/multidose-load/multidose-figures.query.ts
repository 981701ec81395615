import { Injectable } from '@nestjs/common';
import { BoardScope, parseBoardScope } from '@app/fhir/board/board-metrics';
import { GP_OFFICE_CAPABILITY_EXTENSION, OfficeCapabilityPart } from '@app/fhir';
import { TaskCount } from '../../access/complementary-suppression';
import { addDays, osloDate, weekdayOf } from '../../common/calendar/oslo-calendar';
import { publicHolidays } from '../../common/calendar/working-days';
import { SqlClient } from '../../database/sql-client';
import { osloInstant } from '../multidose-reminders';

/** How many weeks the quality figures look back over by default, this one included. */
export const MULTIDOSE_WEEKS = 12;
export const MAX_MULTIDOSE_WEEKS = 104;

type Row = Record<string, unknown>;

const OSLO = `'Europe/Oslo'`;

/**
 * An open multidose episode, written as the partial indexes of migration 1765800000100 are, so the planner
 * uses them: constants, never parameters.
 */
const OPEN_EPISODE = (alias: string) => `${alias}.sp_type @> ARRAY['sv:urn:bro:episode-type|multidose'] AND ${alias}.sp_multidose_state IS DISTINCT FROM 'ended'`;
const OPEN_UPDATE = (alias: string) => `${alias}.sp_code @> ARRAY['sv:urn:bro:task-kind|multidose-update'] AND ${alias}.sp_status IN ('requested', 'accepted')`;
const UPDATE_TASK = (alias: string) => `${alias}.sp_code @> ARRAY['sv:urn:bro:task-kind|multidose-update']`;

const SCOPES = `scopes AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS s(scope, kind, org))`;
/** The municipality's board and a hospital's count every multidose patient (they go home to every office); an office's its own (the episode's `managingOrganization`). */
const IN_SCOPE = (office: string) => `(s.kind <> 'office' OR ${office} = s.org)`;

function scopeParams(scopes: BoardScope[]): [string[], string[], Array<string | null>] {
  const parsed = scopes.map((scope) => parseBoardScope(scope) ?? { kind: 'municipality' as const, organization: undefined });
  return [scopes, parsed.map((scope) => scope.kind), parsed.map((scope) => scope.organization ?? null)];
}

/** The public holidays of the years a span of days touches, for counting working days in SQL. */
function holidaysAround(from: string, to: string): string[] {
  const years: number[] = [];
  for (let year = Number(from.slice(0, 4)) - 1; year <= Number(to.slice(0, 4)); year++) years.push(year);
  return years.flatMap((year) => [...publicHolidays(year)]);
}

/** Working days after an instant's Oslo day up to and including another day (as workingDaysBetween counts them). */
const workingDaysSql = (fromInstant: string, toDay: string, holidays: string) =>
  `(SELECT count(*) FROM generate_series(((${fromInstant} AT TIME ZONE ${OSLO})::date + 1)::timestamp, (${toDay})::timestamp, interval '1 day') d
     WHERE extract(isodow FROM d) < 6 AND d::date <> ALL(${holidays}))`;

const episodes = (row: Row | undefined, name: string): TaskCount => {
  const n = Number(row?.[name] ?? 0);
  // One open episode per patient (a unique index): episodes are patients.
  return { tasks: n, patients: n };
};
const cell = (row: Row | undefined, name: string): TaskCount => ({ tasks: Number(row?.[name] ?? 0), patients: Number(row?.[`${name}_patients`] ?? 0) });
const oneDecimal = (value: unknown): number | null => (value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10);

/** One board's multidose patients now, as counted (before suppression). */
export interface MultidoseNowCounts {
  pendingChanges: TaskCount;
  waited: { medianHours: number | null; longestHours: number | null; medianWorkingDays: number | null; longestWorkingDays: number | null };
  overdueUpdates: TaskCount;
  oldListDeviations: TaskCount;
  open: TaskCount;
  eMultidose: TaskCount;
  paper: TaskCount;
  /** Open episodes with no mode recorded: part of `open`, shown nowhere, so `open` ≠ e-multidose + paper then. */
  noMode: TaskCount;
  paperOfficeNotConnected: TaskCount;
}

/** The ISO week (YYYY-Www) of a Monday. */
export function isoWeekOf(monday: string): string {
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  return `${year}-W${String(Math.floor((dayOfYear - 1) / 7) + 1).padStart(2, '0')}`;
}

export interface MultidoseCalendar {
  today: string;
  weeks: Array<{ week: string; weekStart: string }>;
  /** The first Monday's start in Oslo, as an instant. */
  from: Date;
}

/** This Oslo week and the ones before it. */
export function multidoseCalendar(now: Date, weeks: number): MultidoseCalendar {
  const today = osloDate(now);
  const monday = addDays(today, -((weekdayOf(today) + 6) % 7));
  const mondays = Array.from({ length: weeks }, (_, index) => addDays(monday, -7 * (weeks - 1 - index)));
  return { today, weeks: mondays.map((weekStart) => ({ week: isoWeekOf(weekStart), weekStart })), from: osloInstant(mondays[0], '00:00:00') };
}

/** One week's (or the period's) quality figures as counted, before suppression. */
export interface MultidoseWeekCounts {
  /** Update Tasks created (a discharge's medication change for a multidose patient). */
  created: TaskCount;
  /** Updates completed by the doctor's complete list, and how long it took from the update Task's creation. */
  completed: TaskCount;
  medianHoursToList: number | null;
  medianWorkingDaysToList: number | null;
  /** Updates whose due date fell in the week (and has passed), and of them those not completed by it. */
  due: TaskCount;
  overdue: TaskCount;
  /** Old-list deviations raised (episodes flagged, by the day of the flag). */
  deviations: TaskCount;
}

export interface MultidoseWeeklyCounts {
  calendar: MultidoseCalendar;
  totals: MultidoseWeekCounts;
  weeks: Array<{ week: string; weekStart: string } & MultidoseWeekCounts>;
}

const WEEK_MEASURES = ['created', 'completed', 'due', 'overdue', 'deviations'] as const;

function weekCountsOf(rows: Row[], monday: string | null): MultidoseWeekCounts {
  const of = (measure: string) => rows.find((row) => row.measure === measure && (monday === null ? Number(row.grouping) === 1 : Number(row.grouping) === 0 && row.monday === monday));
  const completed = of('completed');
  return {
    ...(Object.fromEntries(WEEK_MEASURES.map((measure) => [measure, cell(of(measure), 'n')])) as Record<(typeof WEEK_MEASURES)[number], TaskCount>),
    medianHoursToList: oneDecimal(completed?.median_hours),
    medianWorkingDaysToList: oneDecimal(completed?.median_working_days),
  };
}

/**
 * The multidose workflow's patient figures for many boards at once, read from the episodes and their update
 * Tasks (no projection of their own): the board's "now" in two grouped statements — the pending changes from
 * the few open update Tasks and change-pending episodes, the modes and deviations as an index-only count over
 * the open episodes — and the quality team's weeks in one.
 */
@Injectable()
export class MultidoseFiguresQuery {
  async now(client: SqlClient, scopes: BoardScope[], now: Date): Promise<Map<BoardScope, MultidoseNowCounts>> {
    const today = osloDate(now);
    const holidays = holidaysAround(addDays(today, -400), today);
    const hours = `extract(epoch FROM $4::timestamptz - w.authored) / 3600`;
    const parsed = scopes.map((scope) => parseBoardScope(scope));
    const offices = [...new Set(parsed.filter((scope) => scope?.kind === 'office').map((scope) => scope!.organization!))];
    const every = parsed.some((scope) => scope?.kind !== 'office');
    const [pending, groups] = await Promise.all([
      client.query<Row>(
        // The open updates from their covering index (episode, creation, due) meet the change-pending episodes from
        // theirs in one hash join; only an update whose episode moved on (back in hospital) is looked up by key,
        // and those are few. Working days come from one running count over the calendar, read by day offset
        // from an array (one lookup a patient, not a join or a count per patient). An update's due date is a date Bro writes, so its search column's end is the
        // next day's start (UTC): overdue when that is no later than today's start.
        `WITH ${SCOPES},
         updates AS (SELECT t.sp_focus AS focus, min(t.sp_authored_on_start) AS authored, min(t.sp_due_end) AS due_end
                       FROM fhir_task t WHERE ${OPEN_UPDATE('t')} GROUP BY t.sp_focus),
         waiting AS (SELECT CASE WHEN c.focus IS NOT NULL THEN c.office ELSE (SELECT e.sp_organization FROM fhir_episode_of_care e WHERE e.id = substr(u.focus, 15)) END AS office,
                            c.focus IS NOT NULL AS pending, u.authored, u.due_end
                       FROM updates u
                       FULL JOIN (SELECT 'EpisodeOfCare/' || e.id AS focus, e.sp_organization AS office FROM fhir_episode_of_care e
                                   WHERE ${OPEN_EPISODE('e')} AND e.sp_multidose_state = 'change-pending') c ON c.focus = u.focus
                      WHERE c.focus IS NOT NULL OR EXISTS (SELECT 1 FROM fhir_episode_of_care e WHERE e.id = substr(u.focus, 15) AND ${OPEN_EPISODE('e')})),
         calendar AS (SELECT min(d)::date AS first_day, array_agg(worked ORDER BY d) AS worked
                        FROM (SELECT d, count(*) FILTER (WHERE extract(isodow FROM d) < 6 AND d::date <> ALL($6::date[])) OVER (ORDER BY d) AS worked
                                FROM generate_series(least($5::date, (SELECT min((u.authored AT TIME ZONE ${OSLO})::date) FROM updates u))::timestamp,
                                                     $5::date::timestamp, interval '1 day') d) running),
         counted AS (SELECT w.office, w.pending, w.due_end,
                            CASE WHEN w.pending AND w.authored IS NOT NULL THEN ${hours} END AS hours,
                            CASE WHEN w.pending AND w.authored IS NOT NULL
                                 THEN greatest(c.worked[$5::date - c.first_day + 1] - c.worked[(w.authored AT TIME ZONE ${OSLO})::date - c.first_day + 1], 0) END AS days
                       FROM waiting w CROSS JOIN calendar c)
         SELECT s.scope, count(*) FILTER (WHERE w.pending) AS pending,
                count(*) FILTER (WHERE w.due_end <= $7::timestamptz) AS overdue,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY w.hours) AS median_hours, max(w.hours) AS longest_hours,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY w.days) AS median_days, max(w.days) AS longest_days
           FROM counted w JOIN scopes s ON ${IN_SCOPE('w.office')}
          GROUP BY s.scope`,
        [...scopeParams(scopes), now, today, holidays, `${today}T00:00:00Z`],
      ),
      // The modes and deviations: once for the boards that count every patient, per office for the offices' boards
      // (an index-only scan of the open episodes either way, counted by office first so only those few rows meet
      // the connected offices), the paper ones checked against the connected offices.
      client.query<Row>(
        `WITH connected AS MATERIALIZED (
           SELECT 'Organization/' || o.id AS office FROM fhir_organization o
            WHERE o.sp_type && ARRAY['sv:urn:bro:organization-type|gp-office']
              AND (jsonb_path_query_first(o.resource, '$.extension[*] ? (@.url == $ext).extension[*] ? (@.url == $part).valueDate',
                                          jsonb_build_object('ext', $3::text, 'part', $4::text)) #>> '{}') <= $5::text),
         by_office AS (SELECT e.sp_organization AS organization, e.multidose_mode AS mode, e.packed_old_list AS old_list, count(*) AS n
                         FROM fhir_episode_of_care e
                        WHERE ${OPEN_EPISODE('e')} AND ($1::boolean OR e.sp_organization = ANY($2::text[]))
                        GROUP BY 1, 2, 3),
         open AS (SELECT CASE WHEN b.organization = ANY($2::text[]) THEN b.organization END AS office, b.mode, b.old_list, b.n,
                         EXISTS (SELECT 1 FROM connected c WHERE c.office = b.organization) AS connected
                    FROM by_office b)
         SELECT CASE WHEN GROUPING(o.office) = 1 THEN NULL ELSE o.office END AS office, GROUPING(o.office) AS every,
                coalesce(sum(o.n), 0) AS open, coalesce(sum(o.n) FILTER (WHERE o.mode = 'e-multidose'), 0) AS e_multidose,
                coalesce(sum(o.n) FILTER (WHERE o.mode = 'paper'), 0) AS paper,
                coalesce(sum(o.n) FILTER (WHERE o.mode IS NULL OR o.mode NOT IN ('e-multidose', 'paper')), 0) AS no_mode,
                coalesce(sum(o.n) FILTER (WHERE o.old_list), 0) AS old_list,
                coalesce(sum(o.n) FILTER (WHERE o.mode = 'paper' AND NOT o.connected), 0) AS paper_not_connected
           FROM open o
          GROUP BY GROUPING SETS ((), (o.office))`,
        [every, offices, GP_OFFICE_CAPABILITY_EXTENSION, OfficeCapabilityPart.EMultidoseConnectedSince, today],
      ),
    ]);
    return new Map(
      scopes.map((scope) => {
        const waits = pending.rows.find((row) => row.scope === scope);
        const office = parseBoardScope(scope)?.kind === 'office' ? parseBoardScope(scope)!.organization! : null;
        const counts = groups.rows.find((row) => (office === null ? Number(row.every) === 1 : Number(row.every) === 0 && row.office === office));
        return [
          scope,
          {
            pendingChanges: episodes(waits, 'pending'),
            waited: {
              medianHours: oneDecimal(waits?.median_hours),
              longestHours: oneDecimal(waits?.longest_hours),
              medianWorkingDays: oneDecimal(waits?.median_days),
              longestWorkingDays: oneDecimal(waits?.longest_days),
            },
            overdueUpdates: episodes(waits, 'overdue'),
            oldListDeviations: episodes(counts, 'old_list'),
            open: episodes(counts, 'open'),
            eMultidose: episodes(counts, 'e_multidose'),
            paper: episodes(counts, 'paper'),
            noMode: episodes(counts, 'no_mode'),
            paperOfficeNotConnected: episodes(counts, 'paper_not_connected'),
          },
        ];
      }),
    );
  }

  /**
   * Over the weeks, each a fact dated by the day that puts it in a week: an update Task by its creation
   * (created) and by its completion (completed, with the time to the list), by its due date once passed
   * (due, and overdue when still open after it or completed later), and an old-list deviation by the day it
   * was flagged (read from the episode's versions: the flag is cleared by the next list). One grouped pass.
   */
  async weekly(client: SqlClient, scopes: BoardScope[], now: Date, weeks = MULTIDOSE_WEEKS): Promise<Map<BoardScope, MultidoseWeeklyCounts>> {
    const calendar = multidoseCalendar(now, weeks);
    const holidays = holidaysAround(calendar.weeks[0].weekStart, calendar.today);
    const day = (column: string) => `(${column} AT TIME ZONE ${OSLO})::date`;
    const completedAt = `(t.resource #>> '{executionPeriod,end}')::timestamptz`;
    const dueDay = `(left(t.resource #>> '{restriction,period,end}', 10))::date`;
    const monday = `to_char(date_trunc('week', f.day::timestamp), 'YYYY-MM-DD')`;
    const { rows } = await client.query<Row>(
      `WITH ${SCOPES},
       updates AS (SELECT t.sp_status AS status, t.sp_subject AS patient, t.sp_authored_on_start AS authored, ${completedAt} AS completed_at, ${dueDay} AS due,
                          e.sp_organization AS office
                     FROM fhir_task t LEFT JOIN fhir_episode_of_care e ON t.sp_focus = 'EpisodeOfCare/' || e.id
                    WHERE ${UPDATE_TASK('t')} AND t.sp_status <> 'entered-in-error'
                      AND (t.sp_authored_on_start >= $4 OR ${completedAt} >= $4 OR ${dueDay} >= $6::date OR t.sp_status IN ('requested', 'accepted'))),
       flags AS (SELECT h.id, h.resource #>> '{patient,reference}' AS patient, h.resource #>> '{managingOrganization,reference}' AS office,
                        (jsonb_path_query_first(h.resource, '$.extension[*] ? (@.url == "urn:bro:extension:packed-old-list").valueDateTime') #>> '{}')::timestamptz AS flagged_at
                   FROM fhir_history h
                  WHERE h.resource_type = 'EpisodeOfCare' AND h.last_updated >= $4 AND h.resource IS NOT NULL
                    AND jsonb_path_exists(h.resource, '$.extension[*] ? (@.url == "urn:bro:extension:packed-old-list")')),
       facts (measure, day, patient, office, hours, working_days) AS (
         SELECT 'created', ${day('u.authored')}, u.patient, u.office, NULL::float8, NULL::float8 FROM updates u WHERE u.authored >= $4 AND u.authored <= $5
         UNION ALL
         SELECT 'completed', ${day('u.completed_at')}, u.patient, u.office, extract(epoch FROM u.completed_at - u.authored) / 3600,
                ${workingDaysSql('u.authored', `${day('u.completed_at')}`, '$7::date[]')}
           FROM updates u WHERE u.status = 'completed' AND u.completed_at >= $4 AND u.completed_at <= $5 AND u.authored IS NOT NULL
         UNION ALL
         SELECT 'due', u.due, u.patient, u.office, NULL, NULL FROM updates u WHERE u.due >= $6::date AND u.due < $8::date AND u.status <> 'cancelled'
         UNION ALL
         SELECT 'overdue', u.due, u.patient, u.office, NULL, NULL FROM updates u
          WHERE u.due >= $6::date AND u.due < $8::date AND (u.status IN ('requested', 'accepted') OR (u.status = 'completed' AND ${day('u.completed_at')} > u.due))
         UNION ALL
         SELECT DISTINCT ON (f.id, ${day('f.flagged_at')}) 'deviations', ${day('f.flagged_at')}, f.patient, f.office, NULL::float8, NULL::float8
           FROM flags f WHERE f.flagged_at >= $4 AND f.flagged_at <= $5
       )
       SELECT s.scope, f.measure, ${monday} AS monday, GROUPING(${monday}) AS grouping,
              count(*) AS n, count(DISTINCT f.patient) AS n_patients,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY f.hours) AS median_hours, percentile_cont(0.5) WITHIN GROUP (ORDER BY f.working_days) AS median_working_days
         FROM facts f JOIN scopes s ON ${IN_SCOPE('f.office')}
        GROUP BY GROUPING SETS ((s.scope, f.measure), (s.scope, f.measure, ${monday}))`,
      [...scopeParams(scopes), calendar.from, now, calendar.weeks[0].weekStart, holidays, calendar.today],
    );
    return new Map(
      scopes.map((scope) => {
        const own = rows.filter((row) => row.scope === scope);
        return [scope, { calendar, totals: weekCountsOf(own, null), weeks: calendar.weeks.map((week) => ({ ...week, ...weekCountsOf(own, week.weekStart) })) }];
      }),
    );
  }
}
