import { Injectable } from '@nestjs/common';
import { BoardScope, parseBoardScope } from '@app/fhir/board/board-metrics';
import { TaskCount } from '../../access/complementary-suppression';
import { SqlClient } from '../../database/sql-client';
import { BoardCalendar, Cell, Measure, NowCounts, OPEN, TaskLoadFilter, TaskLoadQuery, count, filterOfScope, measured, whereOf } from './task-load.query';

/** What a board shows about now, today and this week: recomputed for every frame. */
export interface LiveFigures {
  counts: NowCounts;
  today: TaskCount;
  week: { transferred: TaskCount; contested: TaskCount };
  weekByCategory: Map<string, TaskCount>;
}

type Row = Record<string, unknown>;

/**
 * The grouping sets one pass computes, as `GROUPING(hospital, office, category)` bit masks (a set bit:
 * summed over): everything, per category, per office, per hospital, per hospital and category, per
 * hospital and office, per office and category. Every scope's figures are among these rows.
 */
const GROUPINGS = '((), (l.category), (l.gp_office), (l.hospital), (l.hospital, l.category), (l.hospital, l.gp_office), (l.gp_office, l.category))';
const ALL = 7;
const BY_CATEGORY = 6;
const BY_OFFICE = 5;
const BY_HOSPITAL = 3;
const BY_HOSPITAL_CATEGORY = 2;
const BY_HOSPITAL_OFFICE = 1;
const BY_OFFICE_CATEGORY = 4;

/** Where a scope's total, per-category and per-office rows are among the grouped rows. */
function rowsOf(scope: BoardScope, rows: Row[]): { total?: Row; byCategory: Row[]; byOffice: Row[] } {
  const parsed = parseBoardScope(scope);
  const grouping = (row: Row) => Number(row.grouping);
  if (parsed?.kind === 'hospital') {
    const mine = rows.filter((row) => row.hospital === parsed.organization);
    return {
      total: mine.find((row) => grouping(row) === BY_HOSPITAL),
      byCategory: mine.filter((row) => grouping(row) === BY_HOSPITAL_CATEGORY),
      // Open tasks without a GP office are the board's unassigned figure, not an office (which the table would call "null").
      byOffice: mine.filter((row) => grouping(row) === BY_HOSPITAL_OFFICE && row.gp_office !== null),
    };
  }
  if (parsed?.kind === 'office') {
    const mine = rows.filter((row) => row.gp_office === parsed.organization);
    const total = mine.find((row) => grouping(row) === BY_OFFICE);
    return { total, byCategory: mine.filter((row) => grouping(row) === BY_OFFICE_CATEGORY), byOffice: total ? [total] : [] };
  }
  return {
    total: rows.find((row) => grouping(row) === ALL),
    byCategory: rows.filter((row) => grouping(row) === BY_CATEGORY && row.category !== null),
    byOffice: rows.filter((row) => grouping(row) === BY_OFFICE && row.gp_office !== null),
  };
}

/** The SQL a grouped row's cell is keyed by, so its patients can be counted again for just that cell. */
const KEY_OF_GROUPING: Record<number, { expression?: string; columns: Array<'hospital' | 'gp_office' | 'category'> }> = {
  [ALL]: { columns: [] },
  [BY_CATEGORY]: { expression: 'l.category', columns: ['category'] },
  [BY_OFFICE]: { expression: 'l.gp_office', columns: ['gp_office'] },
  [BY_HOSPITAL]: { expression: 'l.hospital', columns: ['hospital'] },
  [BY_HOSPITAL_CATEGORY]: { expression: `l.hospital || '|' || l.category`, columns: ['hospital', 'category'] },
  [BY_HOSPITAL_OFFICE]: { expression: `l.hospital || '|' || l.gp_office`, columns: ['hospital', 'gp_office'] },
  [BY_OFFICE_CATEGORY]: { expression: `l.gp_office || '|' || l.category`, columns: ['gp_office', 'category'] },
};

/**
 * The live part of every board in one pass per figure, whatever the number of boards: one grouped
 * query over the open tasks and one over this week's hand-overs give the rows of the municipality,
 * every hospital and every GP office together. (One query per board made a frame cost as many
 * municipality-sized queries as there were boards.)
 */
@Injectable()
export class DischargeLiveFiguresQuery {
  constructor(private readonly query: TaskLoadQuery) {}

  async figures(client: SqlClient, scopes: BoardScope[], calendar: BoardCalendar, now: Date, bound: number): Promise<Map<BoardScope, LiveFigures>> {
    // A single board narrows the passes to its own organisation.
    const filter: TaskLoadFilter = scopes.length === 1 ? filterOfScope(scopes[0]) : {};
    const nowMeasures: Measure[] = [
      { name: 'open', when: OPEN },
      { name: 'overdue', when: `${OPEN} AND l.due_on < '${calendar.today}'::date` },
      { name: 'unassigned', when: `${OPEN} AND l.owner IS NULL` },
      { name: 'awaiting', when: `l.status = 'rejected' AND l.contest_resolution = 'awaiting-hospital'` },
    ];
    const weekMeasures: Measure[] = [
      { name: 'transferred', when: 'TRUE' },
      { name: 'contested', when: 'l.contested_at IS NOT NULL' },
      { name: 'today', when: `l.transferred_at >= '${calendar.startOfToday.toISOString()}'::timestamptz` },
    ];
    const week = { ...filter, from: calendar.startOfWeek, until: now };
    const [open, handedOver] = await Promise.all([
      this.grouped(client, filter, nowMeasures, `(${OPEN} OR (l.status = 'rejected' AND l.contest_resolution = 'awaiting-hospital'))`, `, min(l.transferred_at) FILTER (WHERE ${OPEN}) AS oldest`),
      this.grouped(client, week, weekMeasures),
    ]);

    const perScope = scopes.map((scope) => ({ scope, open: rowsOf(scope, open), week: rowsOf(scope, handedOver) }));
    // Patients only where "<5" can matter: every measure of a total, the open or handed-over count of a breakdown.
    await Promise.all([
      this.countPatients(client, filter, perScope.flatMap((s) => (s.open.total ? [s.open.total] : [])), nowMeasures, bound),
      this.countPatients(client, filter, perScope.flatMap((s) => [...s.open.byCategory, ...s.open.byOffice]), nowMeasures.slice(0, 1), bound),
      this.countPatients(client, week, perScope.flatMap((s) => (s.week.total ? [s.week.total] : [])), weekMeasures, bound),
      this.countPatients(client, week, perScope.flatMap((s) => s.week.byCategory), weekMeasures.slice(0, 1), bound),
    ]);

    return new Map(
      perScope.map(({ scope, open: o, week: w }) => [
        scope,
        {
          counts: {
            open: count(o.total, 'open'),
            overdue: count(o.total, 'overdue'),
            unassigned: count(o.total, 'unassigned'),
            awaitingHospital: count(o.total, 'awaiting'),
            openByCategory: new Map(o.byCategory.map((row) => [String(row.category), count(row, 'open')])),
            openByOffice: new Map(
              o.byOffice
                .filter((row) => Number(row.open) > 0)
                .map((row) => [String(row.gp_office), { ...count(row, 'open'), oldest: row.oldest ? new Date(row.oldest as string).toISOString() : null }]),
            ),
          },
          today: count(w.total, 'today'),
          week: { transferred: count(w.total, 'transferred'), contested: count(w.total, 'contested') },
          weekByCategory: new Map(w.byCategory.map((row) => [String(row.category), count(row, 'transferred')])),
        },
      ]),
    );
  }

  private async grouped(client: SqlClient, filter: TaskLoadFilter, measures: Measure[], where = 'TRUE', extra = ''): Promise<Row[]> {
    const params: unknown[] = [];
    const { rows } = await client.query<Row>(
      `SELECT l.hospital, l.gp_office, l.category, ${measured(measures)}${extra}, GROUPING(l.hospital, l.gp_office, l.category) AS grouping
         FROM task_load l WHERE ${whereOf(filter, params).join(' AND ')} AND ${where}
        GROUP BY GROUPING SETS ${GROUPINGS}`,
      params,
    );
    return rows;
  }

  /** Counts the patients of the given grouped rows that need it, per kind of grouping, narrowed by its columns for the indexes. */
  private async countPatients(client: SqlClient, filter: TaskLoadFilter, rows: Row[], measures: Measure[], bound: number): Promise<void> {
    const byGrouping = new Map<number, Row[]>();
    for (const row of new Set(rows)) byGrouping.set(Number(row.grouping), [...(byGrouping.get(Number(row.grouping)) ?? []), row]);
    const counts = [...byGrouping].map(([grouping, group]) => {
      const key = KEY_OF_GROUPING[grouping];
      const cells: Cell[] = group.map((row) => ({ row, keyExpr: key.expression, key: key.columns.map((column) => String(row[column])).join('|') }));
      const values = (column: 'hospital' | 'gp_office' | 'category') => [...new Set(group.map((row) => String(row[column])))];
      const narrowed: TaskLoadFilter = {
        ...filter,
        ...(key.columns.includes('hospital') ? { hospitalIn: values('hospital') } : {}),
        ...(key.columns.includes('gp_office') ? { officeIn: values('gp_office') } : {}),
        ...(key.columns.includes('category') ? { categoryIn: values('category') } : {}),
      };
      return this.query.countPatients(client, narrowed, cells, measures, bound);
    });
    await Promise.all(counts);
  }
}
