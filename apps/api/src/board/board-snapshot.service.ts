import { Injectable } from '@nestjs/common';
import { QueueName, TASK_CATEGORY_CODES } from '@app/fhir';
import { BoardScope, BoardSnapshot, QueueHealthSummary } from '@app/fhir/board/board-metrics';
import { Database } from '../database/sql-client';
import { QueueHealthService } from '../ops/queue-health.service';
import { BoardLiveFiguresQuery, LiveFigures } from './board-live-figures.query';
import { BoardTrendFiguresQuery, TrendFigures } from './board-trend-figures.query';
import { OrganizationNames } from './organization-names';
import { Disclosure } from './complementary-suppression';
import { BoardCalendar, TaskCount, TaskLoadQuery, boardCalendar, filterOfScope } from './task-load.query';

/** The trend line's length: a quarter of a year of weeks. */
export const TREND_WEEKS = 12;
const OFFICE_ROWS = 20;
const TREND_FIGURES_MS = 60_000;
export const TREND_WORK_MEM = '64MB';


/** The queues whose depth and latency the board shows: those that carry notifications to people and systems. */
const DELIVERY_QUEUES: QueueName[] = [QueueName.Matching, QueueName.InAppDelivery, QueueName.RestHookDelivery];

export type UnversionedSnapshot = Omit<BoardSnapshot, 'version'>;

/** Open tasks per GP (per office where it has no GPs): what the load table ranks by. */
const loadOf = (office: { gps: number; counted: TaskCount }) => (office.gps > 0 ? office.counted.tasks / office.gps : office.counted.tasks);

/**
 * Everything one board shows for one scope, computed from `task_load` and the queues: the
 * headline numbers, categories, the 12-week trend, GP-office load, contested reasons, time to
 * accept and complete, and queue health. Counts about 1–4 patients come out as "<5", and so does a
 * second cell wherever a total shown beside them would otherwise give them away.
 */
@Injectable()
export class BoardSnapshotService {
  private recentQueueSummary?: { at: number; value: Promise<QueueHealthSummary> };
  private readonly trend = new Map<BoardScope, { at: number; weekStart: number; value: TrendFigures }>();
  private refreshingTrend?: Promise<void>;

  constructor(
    private readonly database: Database,
    private readonly query: TaskLoadQuery,
    private readonly live: BoardLiveFiguresQuery,
    private readonly trends: BoardTrendFiguresQuery,
    private readonly names: OrganizationNames,
    private readonly queueHealth: QueueHealthService,
  ) {}

  async snapshot(scope: BoardScope, now = new Date()): Promise<UnversionedSnapshot> {
    return (await this.snapshots([scope], now))[0];
  }

  /** Several boards at once: the live figures of all of them come from one pass per figure. */
  async snapshots(scopes: BoardScope[], now = new Date()): Promise<UnversionedSnapshot[]> {
    if (scopes.length === 0) return [];
    const db = this.database;
    const [calendar, bound] = await Promise.all([boardCalendar(db, now, TREND_WEEKS), this.query.patientBound(db)]);
    const [live, earlier, queues] = await Promise.all([
      this.live.figures(db, scopes, calendar, now, bound),
      this.trendFigures(scopes, calendar, bound),
      this.queueSummary(),
    ]);
    const officeRefs = new Set<string>();
    for (const scope of scopes) {
      live.get(scope)!.counts.openByOffice.forEach((_, office) => officeRefs.add(office));
      const own = filterOfScope(scope).office;
      if (own) officeRefs.add(own);
    }
    const [offices, labels] = await Promise.all([this.query.offices(db, [...officeRefs]), Promise.all(scopes.map((scope) => this.names.labelOf(scope)))]);
    const officeByRef = new Map(offices.map((office) => [office.office, office]));
    return scopes.map((scope, index) => {
      const figures = live.get(scope)!;
      const own = filterOfScope(scope).office;
      const listed = [...new Set([...figures.counts.openByOffice.keys(), ...(own ? [own] : [])])].map((ref) => officeByRef.get(ref) ?? { office: ref, name: ref, gps: 0 });
      return this.assemble(scope, labels[index], now, calendar, figures, earlier[index], listed, queues);
    });
  }

  private assemble(
    scope: BoardScope,
    scopeLabel: string,
    now: Date,
    calendar: BoardCalendar,
    { counts, today, week, weekByCategory }: LiveFigures,
    earlier: TrendFigures,
    offices: Array<{ office: string; name: string; gps: number }>,
    queues: QueueHealthSummary,
  ): UnversionedSnapshot {
    const none = { tasks: 0, patients: 0 };
    const openByCategory = TASK_CATEGORY_CODES.map((category) => counts.openByCategory.get(category) ?? none);
    const weekByCategoryCells = TASK_CATEGORY_CODES.map((category) => weekByCategory.get(category) ?? none);
    // The offices listed are those with the most open tasks per GP (the ranking by the true counts only picks which).
    const listed = offices
      .map((office) => ({ ...office, counted: counts.openByOffice.get(office.office) ?? { ...none, oldest: null } }))
      .sort((a, b) => loadOf(b) - loadOf(a) || a.name.localeCompare(b.name, 'nb'))
      .slice(0, OFFICE_ROWS);
    const disclosure = new Disclosure([
      { whole: [counts.open], parts: openByCategory },
      { whole: [counts.open], parts: [...listed.map((office) => office.counted), counts.unassigned] },
      { whole: [week.transferred], parts: weekByCategoryCells },
      // The twelve weeks' contested tasks, broken down by week and again by reason.
      { whole: [...earlier.weeks.map((w) => w.contested), week.contested], parts: earlier.reasons.map((reason) => reason.count) },
    ]);
    const show = (cell: TaskCount) => disclosure.show(cell);
    const transferredThisWeek = show(week.transferred);
    const contestedThisWeek = show(week.contested);
    return {
      scope,
      scopeLabel,
      generatedAt: now.toISOString(),
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
      ].map(({ office, name, gps, counted }) => {
          const open = show(counted);
          return { office, name, gps, open, openPerGp: typeof open !== 'number' ? open : gps > 0 ? Math.round((open / gps) * 10) / 10 : null, oldestOpenSince: counted.oldest };
        }),
      contestedReasons: disclosure.ranked(earlier.reasons, (row) => row.count, (row) => row.reason).map((row) => ({ reason: row.reason, count: show(row.count) })),
      timeToAccept: earlier.durations.toAccept,
      timeToComplete: earlier.durations.toComplete,
      queues,
      consultations: null,
      lowThresholdReferrals: null,
      multidose: null,
    };
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

  /** Queue health is the same for every scope: read at most once a second, however many boards are refreshed. */
  private queueSummary(): Promise<QueueHealthSummary> {
    if (!this.recentQueueSummary || Date.now() - this.recentQueueSummary.at > 1000) {
      const value = this.readQueueSummary();
      this.recentQueueSummary = { at: Date.now(), value };
      value.catch(() => (this.recentQueueSummary = undefined));
    }
    return this.recentQueueSummary.value;
  }

  private async readQueueSummary(): Promise<QueueHealthSummary> {
    const queues = (await this.queueHealth.queuesHealth()).filter((queue) => DELIVERY_QUEUES.includes(queue.name));
    const delivered = queues.filter((queue) => queue.name !== QueueName.Matching && queue.latencyMs.count > 0);
    return {
      depth: queues.reduce((sum, queue) => sum + queue.waiting + queue.delayed, 0),
      oldestWaitingSeconds: Math.max(0, ...queues.map((queue) => queue.oldestWaitingSeconds)),
      deliveryP99Ms: delivered.length ? Math.max(...delivered.map((queue) => queue.latencyMs.p99)) : null,
      failed: queues.reduce((sum, queue) => sum + queue.failed, 0),
    };
  }
}
