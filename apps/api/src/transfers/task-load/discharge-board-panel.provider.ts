import { Injectable, OnModuleInit } from '@nestjs/common';
import { TASK_CATEGORY_CODES } from '@app/fhir';
import { BoardScope } from '@app/fhir/board/board-metrics';
import { DischargeBoardPanel } from '@app/fhir/transfers/discharge-board-panel';
import { BoardPanelProvider, CountedPanel, boardsOf } from '../../board-panels/board-panel.provider';
import { BoardViewer } from '../../access/board-viewer';
import { BoardPanelRegistry } from '../../board-panels/board-panels.registry';
import { SameTasks, TaskCount } from '../../access/complementary-suppression';
import { Database } from '../../database/sql-client';
import { OutboxRow, changesOf } from '../../outbox/outbox-row';
import { DischargeLiveFiguresQuery, LiveFigures } from './discharge-live-figures.query';
import { DischargeTrendFiguresQuery, TrendFigures } from './discharge-trend-figures.query';
import { BoardCalendar, OPEN, TaskLoadQuery, boardCalendar, filterOfScope } from './task-load.query';

/** The trend line's length: a quarter of a year of weeks. */
export const TREND_WEEKS = 12;
const OFFICE_ROWS = 20;
const TREND_FIGURES_MS = 60_000;
export const TREND_WORK_MEM = '64MB';

/** Open tasks per GP (per office where it has no GPs): what the load table ranks by. */
const loadOf = (office: { gps: number; counted: TaskCount }) => (office.gps > 0 ? office.counted.tasks / office.gps : office.counted.tasks);

/**
 * The discharge task-transfer panel of the live board, from `task_load`: the headline numbers,
 * categories, the 12-week trend, GP-office load, contested reasons, and time to accept and complete.
 * The figures about now, today and this week of all due boards come from one grouped pass each; the
 * twelve-week figures are refreshed in the background about once a minute.
 */
@Injectable()
export class DischargeBoardPanelProvider implements BoardPanelProvider<'discharge'>, OnModuleInit {
  readonly panel = 'discharge';
  private readonly trend = new Map<BoardScope, { at: number; weekStart: number; value: TrendFigures }>();
  private refreshingTrend?: Promise<void>;

  constructor(
    private readonly database: Database,
    private readonly query: TaskLoadQuery,
    private readonly live: DischargeLiveFiguresQuery,
    private readonly trends: DischargeTrendFiguresQuery,
    private readonly registry: BoardPanelRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async count(scopes: BoardScope[], now: Date): Promise<Map<BoardScope, CountedPanel<DischargeBoardPanel>>> {
    if (scopes.length === 0) return new Map();
    const db = this.database;
    const [calendar, bound] = await Promise.all([boardCalendar(db, now, TREND_WEEKS), this.query.patientBound(db)]);
    const [live, earlier] = await Promise.all([this.live.figures(db, scopes, calendar, now, bound), this.trendFigures(scopes, calendar, bound)]);
    const officeRefs = new Set<string>();
    for (const scope of scopes) {
      live.get(scope)!.counts.openByOffice.forEach((_, office) => officeRefs.add(office));
      const own = filterOfScope(scope).office;
      if (own) officeRefs.add(own);
    }
    const offices = await this.query.offices(db, [...officeRefs]);
    const officeByRef = new Map(offices.map((office) => [office.office, office]));
    return new Map(
      scopes.map((scope, index) => {
        const figures = live.get(scope)!;
        const own = filterOfScope(scope).office;
        const listed = [...new Set([...figures.counts.openByOffice.keys(), ...(own ? [own] : [])])].map((ref) => officeByRef.get(ref) ?? { office: ref, name: ref, gps: 0 });
        return [scope, counted(calendar, figures, earlier[index], listed)];
      }),
    );
  }

  /**
   * A GP sees in their inbox every task owned by them or their office (the access policy's owner rule),
   * so an office board whose tasks (open now, or handed over in the trend's weeks) all have such an
   * owner counts nothing they could not count themselves. One task of another GP at the office, and
   * the board stays suppressed for them as for everyone.
   */
  async seenWhollyBy(boards: Array<{ scope: BoardScope; viewer: BoardViewer }>, now: Date): Promise<boolean[]> {
    if (boards.length === 0) return [];
    const calendar = await boardCalendar(this.database, now, TREND_WEEKS);
    return Promise.all(
      boards.map(async ({ scope, viewer }) => {
        const office = filterOfScope(scope).office;
        if (!office) return false;
        const { rows } = await this.database.query<{ seen: boolean }>(
          `SELECT NOT EXISTS (
             SELECT 1 FROM task_load l
              WHERE l.gp_office = $1 AND NOT coalesce(l.owner = ANY($2::text[]), false)
                AND (${OPEN} OR l.transferred_at >= $3)) AS seen`,
          [office, viewer.actsFor, calendar.startOfTrend],
        );
        return rows[0].seen;
      }),
    );
  }

  /** Every write of a Task makes one resource.changed event; its transition event would mark the same boards again. */
  async boardsChangedBy(events: OutboxRow[]): Promise<BoardScope[]> {
    const taskIds = changesOf(events, 'Task').map((event) => event.resource_id!);
    if (taskIds.length === 0) return [];
    // A task that moved to another office is marked where it is now; its old office's board catches up at the periodic refresh.
    const { rows } = await this.database.query<{ hospital: string | null; gp_office: string | null }>(
      'SELECT DISTINCT hospital, gp_office FROM task_load WHERE task_id = ANY($1::text[])',
      [taskIds],
    );
    return [...new Set<BoardScope>(['municipality', ...rows.flatMap((row) => boardsOf({ hospital: row.hospital, office: row.gp_office }))])];
  }

  /**
   * The figures over the last twelve weeks (the weeks before this one, contested reasons, time to
   * accept and complete) cover far more tasks than those about now and this week, and a single change
   * moves them little: they are recomputed about once a minute, for all stale boards in one pass, in
   * the background, while frames go on with the minute-old figures. Only a board's first frame waits.
   */
  private async trendFigures(scopes: BoardScope[], calendar: BoardCalendar, bound: number): Promise<TrendFigures[]> {
    const week = calendar.startOfWeek.getTime();
    const usable = (scope: BoardScope) => this.trend.get(scope)?.weekStart === week;
    const missing = scopes.filter((scope) => !usable(scope));
    if (missing.length) await this.refreshTrend(missing, calendar, bound);
    const stale = scopes.filter((scope) => Date.now() - (this.trend.get(scope)?.at ?? 0) >= TREND_FIGURES_MS);
    if (stale.length && !this.refreshingTrend) {
      this.refreshingTrend = this.refreshTrend(stale, calendar, bound)
        .catch(() => undefined)
        .finally(() => (this.refreshingTrend = undefined));
    }
    return scopes.map((scope) => this.trend.get(scope)!.value);
  }

  /**
   * On one connection, so its queries run one after another rather than taking every core from the
   * frames at once, with the memory to sort twelve weeks of hand-overs (25–30 MB at a million tasks)
   * without spilling to disk.
   */
  private async refreshTrend(scopes: BoardScope[], calendar: BoardCalendar, bound: number): Promise<void> {
    const figures = await this.database.transaction(async (client) => {
      await client.query(`SET LOCAL work_mem = '${TREND_WORK_MEM}'`);
      return this.trends.figures(client, scopes, calendar, bound);
    });
    for (const [scope, value] of figures) this.trend.set(scope, { at: Date.now(), weekStart: calendar.startOfWeek.getTime(), value });
  }
}

/**
 * One board's discharge panel as counted: the cells that count the same tasks (open tasks by category
 * and by office plus unassigned, this week's hand-overs by category, the twelve weeks of contested
 * tasks by week and by reason), and the panel as shown once the board has decided which cells it may show.
 */
function counted(
  calendar: BoardCalendar,
  { counts, today, week, weekByCategory }: LiveFigures,
  earlier: TrendFigures,
  offices: Array<{ office: string; name: string; gps: number }>,
): CountedPanel<DischargeBoardPanel> {
  const none = { tasks: 0, patients: 0 };
  const openByCategory = TASK_CATEGORY_CODES.map((category) => counts.openByCategory.get(category) ?? none);
  const weekByCategoryCells = TASK_CATEGORY_CODES.map((category) => weekByCategory.get(category) ?? none);
  // The offices listed are those with the most open tasks per GP (the ranking by the true counts only picks which).
  const listed = offices
    .map((office) => ({ ...office, counted: counts.openByOffice.get(office.office) ?? { ...none, oldest: null } }))
    .sort((a, b) => loadOf(b) - loadOf(a) || a.name.localeCompare(b.name, 'nb'))
    .slice(0, OFFICE_ROWS);
  const sameTasks: SameTasks[] = [
    { whole: [counts.open], parts: openByCategory },
    { whole: [counts.open], parts: [...listed.map((office) => office.counted), counts.unassigned] },
    { whole: [week.transferred], parts: weekByCategoryCells },
    // The twelve weeks' contested tasks, broken down by week and again by reason.
    { whole: [...earlier.weeks.map((w) => w.contested), week.contested], parts: earlier.reasons.map((reason) => reason.count) },
  ];
  return {
    sameTasks,
    show(disclosure) {
      const show = (cell: TaskCount) => disclosure.show(cell);
      const transferredThisWeek = show(week.transferred);
      const contestedThisWeek = show(week.contested);
      return {
        now: {
          open: show(counts.open),
          overdue: show(counts.overdue),
          unassigned: show(counts.unassigned),
          awaitingHospital: show(counts.awaitingHospital),
        },
        today: { transferred: show(today) },
        thisWeek: {
          transferred: transferredThisWeek,
          contested: contestedThisWeek,
          contestedShare:
            typeof transferredThisWeek === 'number' && transferredThisWeek > 0 && typeof contestedThisWeek === 'number'
              ? Math.round((contestedThisWeek / transferredThisWeek) * 1000) / 1000
              : null,
        },
        byCategory: TASK_CATEGORY_CODES.map((category, index) => ({
          category,
          open: show(openByCategory[index]),
          transferredThisWeek: show(weekByCategoryCells[index]),
        })),
        weeklyTrend: [
          ...earlier.weeks.map((w) => ({ week: w.week, weekStart: w.weekStart, transferred: show(w.transferred), contested: show(w.contested) })),
          { week: calendar.week, weekStart: calendar.monday, transferred: transferredThisWeek, contested: contestedThisWeek },
        ],
        // Offices whose count is hidden come after the others, by name: their place in the ranking would bound it.
        officeLoad: [
          ...listed.filter((office) => !disclosure.isHidden(office.counted)),
          ...listed.filter((office) => disclosure.isHidden(office.counted)).sort((a, b) => a.name.localeCompare(b.name, 'nb')),
        ].map(({ office, name, gps, counted: cell }) => {
          const open = show(cell);
          return { office, name, gps, open, openPerGp: typeof open !== 'number' ? open : gps > 0 ? Math.round((open / gps) * 10) / 10 : null, oldestOpenSince: cell.oldest };
        }),
        contestedReasons: disclosure.ranked(earlier.reasons, (row) => row.count, (row) => row.reason).map((row) => ({ reason: row.reason, count: show(row.count) })),
        timeToAccept: earlier.durations.toAccept,
        timeToComplete: earlier.durations.toComplete,
      };
    },
  };
}
