import { Injectable } from '@nestjs/common';
import { BoardScope, parseBoardScope } from '@app/fhir/board/board-metrics';
import { TaskCount } from '../../access/complementary-suppression';
import { addDays, osloDate, weekdayOf } from '../../common/calendar/oslo-calendar';
import { publicHolidays } from '../../common/calendar/working-days';
import { SqlClient } from '../../database/sql-client';
import { inOslo } from '../referral-reminders';

/** How many weeks the quality figures look back over by default, this one included: a quarter of a year. */
export const REFERRAL_WEEKS = 12;
export const MAX_REFERRAL_WEEKS = 104;

type Row = Record<string, unknown>;

const OSLO = `'Europe/Oslo'`;

/** Waiting in the low-threshold queue or being worked: the triage deadline runs (OPEN_TRIAGE_STATUSES). */
const OPEN_TRIAGE = `l.triage_status IN ('requested', 'in-progress')`;
/** Not answered yet (UNANSWERED_REFERRAL_STATUSES): the assessment deadline runs. */
const UNANSWERED = `l.answered_at IS NULL AND l.status IN ('requested', 'received')`;
/** Rejected (Volven 9148 code 4). */
const REJECTED = `l.answer = '4' AND l.answered_at IS NOT NULL`;

/**
 * Each referral with the GP office that sent it (the referrer's PractitionerRole's organisation, or the
 * office itself): what an office's board counts. Entered in error never counts.
 */
const CASES = `cases AS (
  SELECT l.*, COALESCE(r.sp_organization, CASE WHEN l.referrer LIKE 'Organization/%' THEN l.referrer END) AS office
    FROM referral_case l LEFT JOIN fhir_practitioner_role r ON l.referrer = 'PractitionerRole/' || r.id
   WHERE l.status <> 'entered-in-error')`;

/** A referral counts on the municipality's board, its hospital's (the unit's hospital, or the unit itself) and its GP office's. */
const IN_SCOPE = `(s.kind = 'municipality' OR (s.kind = 'hospital' AND (l.hospital = s.org OR l.hospital_unit = s.org)) OR (s.kind = 'office' AND l.office = s.org))`;

const SCOPES = `scopes AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS s(scope, kind, org))`;

function scopeParams(scopes: BoardScope[]): [string[], string[], Array<string | null>] {
  const parsed = scopes.map((scope) => parseBoardScope(scope) ?? { kind: 'municipality' as const, organization: undefined });
  return [scopes, parsed.map((scope) => scope.kind), parsed.map((scope) => scope.organization ?? null)];
}

const cell = (row: Row | undefined, name: string): TaskCount => ({ tasks: Number(row?.[name] ?? 0), patients: Number(row?.[`${name}_patients`] ?? 0) });
const counted = (name: string, when: string, alias = 'l') =>
  `count(*) FILTER (WHERE ${when}) AS "${name}", count(DISTINCT ${alias}.patient) FILTER (WHERE ${when}) AS "${name}_patients"`;
const median = (value: unknown): number | null => (value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10);

/** The ISO week (YYYY-Www) of a Monday. */
export function isoWeekOf(monday: string): string {
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  return `${year}-W${String(Math.floor((dayOfYear - 1) / 7) + 1).padStart(2, '0')}`;
}

/** This week and the ones before it, in Oslo: their Mondays and ISO weeks, and today. */
export interface ReferralCalendar {
  today: string;
  weeks: Array<{ week: string; weekStart: string }>;
  /** The first Monday's start in Oslo, as an instant. */
  from: Date;
}

export function referralCalendar(now: Date, weeks: number): ReferralCalendar {
  const today = osloDate(now);
  const monday = addDays(today, -((weekdayOf(today) + 6) % 7));
  const mondays = Array.from({ length: weeks }, (_, index) => addDays(monday, -7 * (weeks - 1 - index)));
  return { today, weeks: mondays.map((weekStart) => ({ week: isoWeekOf(weekStart), weekStart })), from: inOslo(mondays[0], '00:00:00') };
}

export interface ReferralNowCounts {
  openInQueue: TaskCount;
  waiting: TaskCount;
  claimed: TaskCount;
  overdueTriage: TaskCount;
  unansweredPastDeadline: TaskCount;
  rejected: TaskCount;
  routed: TaskCount;
  notRouted: TaskCount;
}

type Measure = 'rejected' | 'triaged' | 'assessmentBreaches' | 'triageBreaches';

/** A measure's count, and for rejections how many were routed, objected to or not routed. */
export interface MeasureCounts {
  n: TaskCount;
  routed: TaskCount;
  objected: TaskCount;
  notRouted: TaskCount;
  medianHours: number | null;
  medianWorkingDays: number | null;
}

export interface ReferralWeeklyFigures {
  calendar: ReferralCalendar;
  totals: Record<Measure, MeasureCounts>;
  weeks: Array<{ week: string; weekStart: string } & Record<Measure, MeasureCounts>>;
  byUnit: Array<{ unit: string; name: string } & MeasureCounts>;
  byReason: Array<{ reason: string } & MeasureCounts>;
  outcomes: Array<{ outcome: string } & MeasureCounts>;
}

const MEASURES: Measure[] = ['rejected', 'triaged', 'assessmentBreaches', 'triageBreaches'];

function measureOf(row: Row | undefined): MeasureCounts {
  return {
    n: cell(row, 'n'),
    routed: cell(row, 'routed'),
    objected: cell(row, 'objected'),
    notRouted: cell(row, 'notRouted'),
    medianHours: median(row?.median_hours),
    medianWorkingDays: median(row?.median_working_days),
  };
}

/**
 * The referral workflow's figures of many boards at once, from `referral_case` (kept by the referral and
 * triage write rules in each write's transaction): one grouped pass for the board's "now and this week",
 * one for the quality team's weeks and breakdowns. Weeks and days are Europe/Oslo's.
 */
@Injectable()
export class ReferralFiguresQuery {
  async now(client: SqlClient, scopes: BoardScope[], now: Date): Promise<{ calendar: ReferralCalendar; counts: Map<BoardScope, ReferralNowCounts> }> {
    const calendar = referralCalendar(now, 1);
    const thisWeek = `${REJECTED} AND l.answered_at >= $5`;
    const { rows } = await client.query<Row>(
      `WITH ${SCOPES}, ${CASES}
       SELECT s.scope,
              ${counted('openInQueue', OPEN_TRIAGE)}, ${counted('waiting', `l.triage_status = 'requested'`)}, ${counted('claimed', `l.triage_status = 'in-progress'`)},
              ${counted('overdueTriage', `${OPEN_TRIAGE} AND l.triage_deadline < $4::date`)},
              ${counted('unansweredPastDeadline', `${UNANSWERED} AND l.assessment_deadline < $4::date`)},
              ${counted('rejected', thisWeek)}, ${counted('routed', `${thisWeek} AND l.triage_task_id IS NOT NULL`)},
              ${counted('notRouted', `${thisWeek} AND l.triage_task_id IS NULL`)}
         FROM cases l JOIN scopes s ON ${IN_SCOPE}
        WHERE ${OPEN_TRIAGE} OR (${UNANSWERED} AND l.assessment_deadline < $4::date) OR l.answered_at >= $5
        GROUP BY s.scope`,
      [...scopeParams(scopes), calendar.today, calendar.from],
    );
    const names: Array<keyof ReferralNowCounts> = ['openInQueue', 'waiting', 'claimed', 'overdueTriage', 'unansweredPastDeadline', 'rejected', 'routed', 'notRouted'];
    return {
      calendar,
      counts: new Map(
        scopes.map((scope) => {
          const row = rows.find((candidate) => candidate.scope === scope);
          return [scope, Object.fromEntries(names.map((name) => [name, cell(row, name)])) as unknown as ReferralNowCounts];
        }),
      ),
    };
  }

  /**
   * Over the weeks: each referral contributes a fact per measure, dated by the day that puts it in a week
   * (a rejection by its answer, a triage by its outcome, a breach by its deadline); one grouped pass gives
   * every measure per week, per hospital unit, per reason and per outcome, and in total.
   */
  async weekly(client: SqlClient, scopes: BoardScope[], now: Date, weeks = REFERRAL_WEEKS): Promise<Map<BoardScope, ReferralWeeklyFigures>> {
    const calendar = referralCalendar(now, weeks);
    const years = [];
    for (let year = Number(calendar.weeks[0].weekStart.slice(0, 4)) - 1; year <= Number(calendar.today.slice(0, 4)); year++) years.push(year);
    const holidays = years.flatMap((year) => [...publicHolidays(year)]);
    const day = (column: string) => `(${column} AT TIME ZONE ${OSLO})::date`;
    // Working days after the day it was routed up to and including the day of the outcome (as workingDaysBetween counts them).
    const workingDays = `(SELECT count(*) FROM generate_series((${day('l.routed_at')} + 1)::timestamp, ${day('l.triaged_at')}::timestamp, interval '1 day') d
                          WHERE extract(isodow FROM d) < 6 AND d::date <> ALL($7::date[]))`;
    const facts = (measure: Measure, dated: string, where: string, extra = `NULL::float8, NULL::float8`) =>
      `SELECT '${measure}' AS measure, ${dated} AS day, l.hospital_unit AS unit, l.rejection_reason AS reason, l.outcome, l.triage_task_id IS NOT NULL AS routed, l.objected,
              ${extra}, l.patient, l.hospital, l.office FROM cases l WHERE ${where}`;
    const monday = `to_char(date_trunc('week', f.day::timestamp), 'YYYY-MM-DD')`;
    const { rows } = await client.query<Row>(
      `WITH ${SCOPES}, ${CASES},
       facts (measure, day, unit, reason, outcome, routed, objected, hours, working_days, patient, hospital, office) AS (
         ${facts('rejected', day('l.answered_at'), `${REJECTED} AND l.answered_at >= $4 AND l.answered_at <= $5`)}
         UNION ALL
         ${facts('triaged', day('l.triaged_at'), `l.triaged_at >= $4 AND l.triaged_at <= $5 AND l.routed_at IS NOT NULL`, `extract(epoch FROM l.triaged_at - l.routed_at) / 3600, ${workingDays}`)}
         UNION ALL
         ${facts('assessmentBreaches', 'l.assessment_deadline', `l.assessment_deadline >= $6::date AND l.assessment_deadline < $8::date AND ((${UNANSWERED}) OR ${day('l.answered_at')} > l.assessment_deadline)`)}
         UNION ALL
         ${facts('triageBreaches', 'l.triage_deadline', `l.triage_deadline >= $6::date AND l.triage_deadline < $8::date AND ((l.triaged_at IS NULL AND ${OPEN_TRIAGE}) OR ${day('l.triaged_at')} > l.triage_deadline)`)}
       )
       SELECT s.scope, f.measure, ${monday} AS monday, f.unit, f.reason, f.outcome, GROUPING(${monday}, f.unit, f.reason, f.outcome) AS grouping,
              ${counted('n', 'TRUE', 'f')}, ${counted('routed', 'f.routed', 'f')}, ${counted('objected', 'f.objected', 'f')}, ${counted('notRouted', 'NOT f.routed AND NOT f.objected', 'f')},
              percentile_cont(0.5) WITHIN GROUP (ORDER BY f.hours) AS median_hours, percentile_cont(0.5) WITHIN GROUP (ORDER BY f.working_days) AS median_working_days
         FROM facts f JOIN scopes s ON ${IN_SCOPE.replace(/\bl\./g, 'f.').replace('f.hospital_unit', 'f.unit')}
        GROUP BY GROUPING SETS ((s.scope, f.measure), (s.scope, f.measure, ${monday}), (s.scope, f.measure, f.unit), (s.scope, f.measure, f.reason), (s.scope, f.measure, f.outcome))`,
      [...scopeParams(scopes), calendar.from, now, calendar.weeks[0].weekStart, holidays, calendar.today],
    );
    // GROUPING bits: monday 8, unit 4, reason 2, outcome 1 (a bit set: not grouped by it).
    const TOTAL = 15;
    const BY_WEEK = 7;
    const BY_UNIT = 11;
    const BY_REASON = 13;
    const BY_OUTCOME = 14;
    const units = [...new Set(rows.filter((row) => Number(row.grouping) === BY_UNIT && row.unit).map((row) => String(row.unit)))];
    const names = await unitNames(client, units);
    return new Map(
      scopes.map((scope) => {
        const own = rows.filter((row) => row.scope === scope);
        const of = (grouping: number, measure: Measure) => own.filter((row) => Number(row.grouping) === grouping && row.measure === measure);
        return [
          scope,
          {
            calendar,
            totals: Object.fromEntries(MEASURES.map((measure) => [measure, measureOf(of(TOTAL, measure)[0])])) as Record<Measure, MeasureCounts>,
            weeks: calendar.weeks.map((week) => ({
              ...week,
              ...(Object.fromEntries(MEASURES.map((measure) => [measure, measureOf(of(BY_WEEK, measure).find((row) => row.monday === week.weekStart))])) as Record<Measure, MeasureCounts>),
            })),
            byUnit: of(BY_UNIT, 'rejected')
              .filter((row) => row.unit)
              .map((row) => ({ unit: String(row.unit), name: names.get(String(row.unit)) ?? String(row.unit), ...measureOf(row) })),
            byReason: of(BY_REASON, 'rejected')
              .filter((row) => row.reason)
              .map((row) => ({ reason: String(row.reason), ...measureOf(row) })),
            outcomes: of(BY_OUTCOME, 'triaged')
              .filter((row) => row.outcome)
              .map((row) => ({ outcome: String(row.outcome), ...measureOf(row) })),
          },
        ];
      }),
    );
  }

  /** The hospitals, units and offices a batch of changed referrals counts on (for the board's marking). */
  async placesOf(client: SqlClient, referralTaskIds: string[]): Promise<Array<{ hospital: string | null; unit: string; office: string | null }>> {
    if (referralTaskIds.length === 0) return [];
    const { rows } = await client.query<{ hospital: string | null; unit: string; office: string | null }>(
      `SELECT DISTINCT l.hospital, l.hospital_unit AS unit, COALESCE(r.sp_organization, CASE WHEN l.referrer LIKE 'Organization/%' THEN l.referrer END) AS office
         FROM referral_case l LEFT JOIN fhir_practitioner_role r ON l.referrer = 'PractitionerRole/' || r.id
        WHERE l.referral_task_id = ANY($1::text[])`,
      [referralTaskIds],
    );
    return rows;
  }
}

async function unitNames(client: SqlClient, units: string[]): Promise<Map<string, string>> {
  if (units.length === 0) return new Map();
  const { rows } = await client.query<{ ref: string; name: string | null }>(
    `SELECT 'Organization/' || o.id AS ref, o.resource->>'name' AS name FROM fhir_organization o WHERE o.id = ANY($1::text[])`,
    [units.filter((unit) => unit.startsWith('Organization/')).map((unit) => unit.slice('Organization/'.length))],
  );
  return new Map(rows.filter((row) => row.name).map((row) => [row.ref, row.name!]));
}
