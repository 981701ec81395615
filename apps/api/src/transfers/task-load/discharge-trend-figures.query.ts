import { Injectable } from '@nestjs/common';
import { BoardScope, DurationSummary, SUPPRESSED, parseBoardScope } from '@app/fhir/board/board-metrics';
import { TaskCount } from '../../access/complementary-suppression';
import { SqlClient } from '../../database/sql-client';
import { BoardCalendar, Cell, Measure, TaskLoadFilter, TaskLoadQuery, WEEK_OF, count, filterOfScope, hours, measured, shown, whereOf } from './task-load.query';

/** What a board shows over the last twelve weeks besides this one: recomputed about once a minute. */
export interface TrendFigures {
  weeks: Array<{ week: string; weekStart: string; transferred: TaskCount; contested: TaskCount }>;
  reasons: Array<{ reason: string; count: TaskCount }>;
  durations: { toAccept: DurationSummary; toComplete: DurationSummary };
}

type Row = Record<string, unknown>;

/** `GROUPING(hospital, gp_office)`: summed over both (the municipality), per hospital, per office. */
const MUNICIPALITY = 3;
const PER_HOSPITAL = 1;
const PER_OFFICE = 2;

function rowsOfScope(scope: BoardScope, rows: Row[]): Row[] {
  const parsed = parseBoardScope(scope);
  if (parsed?.kind === 'hospital') return rows.filter((row) => Number(row.grouping) === PER_HOSPITAL && row.hospital === parsed.organization);
  if (parsed?.kind === 'office') return rows.filter((row) => Number(row.grouping) === PER_OFFICE && row.gp_office === parsed.organization);
  return rows.filter((row) => Number(row.grouping) === MUNICIPALITY);
}

/** The SQL that keys a row's cell, so its patients can be counted for just that cell; `by` is what else the row is grouped by. */
function cellOf(row: Row, by?: { expression: string; value: string }): Cell {
  const grouping = Number(row.grouping);
  const organization = grouping === PER_HOSPITAL ? { expression: 'l.hospital', value: String(row.hospital) } : grouping === PER_OFFICE ? { expression: 'l.gp_office', value: String(row.gp_office) } : undefined;
  const parts = [by, organization].filter((part): part is { expression: string; value: string } => part !== undefined);
  return { row, keyExpr: parts.length ? parts.map((part) => part.expression).join(` || '|' || `) : undefined, key: parts.map((part) => part.value).join('|') };
}

/**
 * The twelve-week figures of many boards at once: one grouped pass per figure over the period gives
 * the municipality's, every hospital's and every GP office's rows together.
 */
@Injectable()
export class DischargeTrendFiguresQuery {
  constructor(private readonly query: TaskLoadQuery) {}

  async figures(client: SqlClient, scopes: BoardScope[], calendar: BoardCalendar, bound: number): Promise<Map<BoardScope, TrendFigures>> {
    // A single board narrows the passes to its own organisation.
    const scope = scopes.length === 1 ? filterOfScope(scopes[0]) : {};
    const earlier = { ...scope, from: calendar.startOfTrend, until: calendar.startOfWeek };
    const trend = { ...scope, from: calendar.startOfTrend, until: new Date() };
    const lifecycle: Measure[] = [
      { name: 'transferred', when: 'TRUE' },
      { name: 'contested', when: 'l.contested_at IS NOT NULL' },
    ];
    const times: Measure[] = [
      { name: 'accepted', when: 'l.accepted_at IS NOT NULL' },
      { name: 'completed', when: 'l.completed_at IS NOT NULL' },
    ];
    const reasonMeasure: Measure[] = [{ name: 'contested', when: 'l.contested_at IS NOT NULL AND l.contest_reason IS NOT NULL' }];
    const sets = (also: string) => `GROUPING SETS ((${also}), (${also}, l.hospital), (${also}, l.gp_office))`;
    const grouped = async (filter: TaskLoadFilter, select: string, groupBy: string, where = 'TRUE') => {
      const params: unknown[] = [];
      const { rows } = await client.query<Row>(
        `SELECT l.hospital, l.gp_office, ${select}, GROUPING(l.hospital, l.gp_office) AS grouping
           FROM task_load l WHERE ${whereOf(filter, params).join(' AND ')} AND ${where} GROUP BY ${groupBy}`,
        params,
      );
      return rows;
    };
    // One after another on the one connection (it would queue them anyway; pg 9 will refuse overlapping queries).
    const mondays = await client.query<{ monday: string; week: string }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS monday, to_char(d, 'IYYY-"W"IW') AS week
         FROM generate_series($1::date - 7 * ($2::int - 1), $1::date - 7, interval '1 week') AS d ORDER BY d`,
      [calendar.monday, Math.round((calendar.startOfWeek.getTime() - calendar.startOfTrend.getTime()) / (7 * 24 * 3600_000)) + 1],
    );
    const weekRows = await grouped(earlier, `to_char(${WEEK_OF}, 'YYYY-MM-DD') AS monday, ${measured(lifecycle)}`, sets(`to_char(${WEEK_OF}, 'YYYY-MM-DD')`));
    const reasonRows = await grouped(trend, `l.contest_reason AS reason, ${measured(reasonMeasure)}`, sets('l.contest_reason'), reasonMeasure[0].when);
    const durationRows = await grouped(
      trend,
      `${measured(times)},
       percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM l.accepted_at - l.transferred_at) / 3600) FILTER (WHERE l.accepted_at IS NOT NULL) AS to_accept,
       percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM l.completed_at - l.transferred_at) / 3600) FILTER (WHERE l.completed_at IS NOT NULL) AS to_complete`,
      'GROUPING SETS ((), (l.hospital), (l.gp_office))',
    );

    const perScope = scopes.map((scope) => ({ scope, weeks: rowsOfScope(scope, weekRows), reasons: rowsOfScope(scope, reasonRows), durations: rowsOfScope(scope, durationRows)[0] ?? {} }));
    const narrowTo = (rows: Row[]) => ({
      hospitalIn: [...new Set(rows.filter((row) => Number(row.grouping) === PER_HOSPITAL).map((row) => String(row.hospital)))],
      officeIn: [...new Set(rows.filter((row) => Number(row.grouping) === PER_OFFICE).map((row) => String(row.gp_office)))],
    });
    const countBy = async (filter: TaskLoadFilter, rows: Row[], by: (row: Row) => { expression: string; value: string } | undefined, measures: Measure[]) => {
      for (const grouping of [MUNICIPALITY, PER_HOSPITAL, PER_OFFICE]) {
        const group = rows.filter((row) => Number(row.grouping) === grouping);
        if (group.length === 0) continue;
        const narrowing = narrowTo(group);
        await this.query.countPatients(
          client,
          { ...filter, ...(grouping === PER_HOSPITAL ? { hospitalIn: narrowing.hospitalIn } : {}), ...(grouping === PER_OFFICE ? { officeIn: narrowing.officeIn } : {}) },
          group.map((row) => cellOf(row, by(row))),
          measures,
          bound,
        );
      }
    };
    await countBy(earlier, perScope.flatMap((s) => s.weeks), (row) => ({ expression: `to_char(${WEEK_OF}, 'YYYY-MM-DD')`, value: String(row.monday) }), lifecycle);
    await countBy(trend, perScope.flatMap((s) => s.reasons), (row) => ({ expression: 'l.contest_reason', value: String(row.reason) }), reasonMeasure);
    await countBy(trend, perScope.map((s) => s.durations).filter((row) => row.grouping !== undefined), () => undefined, times);

    const summary = (row: Row, name: string, percentiles: unknown): DurationSummary => {
      const counted = count(row, name);
      if (shown(counted) === SUPPRESSED) return { medianHours: SUPPRESSED, p90Hours: SUPPRESSED, tasks: SUPPRESSED };
      const [median, p90] = Array.isArray(percentiles) ? percentiles : [null, null];
      return { medianHours: hours(median), p90Hours: hours(p90), tasks: counted.tasks };
    };
    return new Map(
      perScope.map(({ scope, weeks, reasons, durations }) => {
        const byMonday = new Map(weeks.map((row) => [String(row.monday), row]));
        return [
          scope,
          {
            weeks: mondays.rows.map(({ monday, week }) => ({ week, weekStart: monday, transferred: count(byMonday.get(monday), 'transferred'), contested: count(byMonday.get(monday), 'contested') })),
            reasons: reasons
              .sort((a, b) => Number(b.contested) - Number(a.contested) || String(a.reason).localeCompare(String(b.reason)))
              .map((row) => ({ reason: String(row.reason), count: count(row, 'contested') })),
            durations: { toAccept: summary(durations, 'accepted', durations.to_accept), toComplete: summary(durations, 'completed', durations.to_complete) },
          },
        ];
      }),
    );
  }
}
