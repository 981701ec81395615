import { Injectable } from '@nestjs/common';
import { QueueName, TASK_CATEGORY_CODES } from '@app/fhir';
import { BoardScope, BoardSnapshot, DurationSummary, QueueHealthSummary, ReasonCount, parseBoardScope } from '@app/fhir/board/board-metrics';
import { Database } from '../database/sql-client';
import { QueueHealthService } from '../ops/queue-health.service';
import { OrganizationNames } from './organization-names';
import { BoardCalendar, TaskLoadFilter, TaskLoadQuery, WeekRow, boardCalendar, shown } from './task-load.query';

/** The trend line's length: a quarter of a year of weeks. */
export const TREND_WEEKS = 12;
const OFFICE_ROWS = 20;
const EARLIER_FIGURES_MS = 60_000;

interface EarlierFigures {
  weeks: WeekRow[];
  reasons: ReasonCount[];
  durations: { toAccept: DurationSummary; toComplete: DurationSummary };
}

/** The queues whose depth and latency the board shows: those that carry notifications to people and systems. */
const DELIVERY_QUEUES: QueueName[] = [QueueName.Matching, QueueName.InAppDelivery, QueueName.RestHookDelivery];

export type UnversionedSnapshot = Omit<BoardSnapshot, 'version'>;

export function filterOfScope(scope: BoardScope): TaskLoadFilter {
  const parsed = parseBoardScope(scope);
  if (parsed?.kind === 'hospital') return { hospital: parsed.organization };
  if (parsed?.kind === 'office') return { office: parsed.organization };
  return {};
}

/**
 * Everything one board shows for one scope, computed from `task_load` and the queues: the
 * headline numbers, categories, the 12-week trend, GP-office load, contested reasons, time to
 * accept and complete, and queue health. Counts about 1–4 patients come out as "<5".
 */
@Injectable()
export class BoardSnapshotService {
  private recentQueueSummary?: { at: number; value: Promise<QueueHealthSummary> };
  private readonly earlier = new Map<BoardScope, { at: number; weekStart: number; value: Promise<EarlierFigures> }>();

  constructor(
    private readonly database: Database,
    private readonly query: TaskLoadQuery,
    private readonly names: OrganizationNames,
    private readonly queueHealth: QueueHealthService,
  ) {}

  async snapshot(scope: BoardScope, now = new Date()): Promise<UnversionedSnapshot> {
    const db = this.database;
    const filter = filterOfScope(scope);
    const [calendar, bound] = await Promise.all([boardCalendar(db, now, TREND_WEEKS), this.query.patientBound(db)]);
    const thisWeek = { ...filter, from: calendar.startOfWeek, until: now };
    const [counts, today, [week], thisWeekByCategory, earlier, queues, scopeLabel] = await Promise.all([
      this.query.now(db, filter, calendar.today, bound),
      this.query.totals(db, { ...filter, from: calendar.startOfToday, until: now }, bound),
      this.query.weeks(db, thisWeek, bound),
      this.query.groupedBy(db, thisWeek, 'category', bound),
      this.earlierFigures(scope, filter, calendar, bound),
      this.queueSummary(),
      this.names.labelOf(scope),
    ]);
    const offices = await this.query.offices(db, [...counts.openByOffice.keys(), ...(filter.office && !counts.openByOffice.has(filter.office) ? [filter.office] : [])]);
    const transferredThisWeek = shown(week.transferred);
    const contestedThisWeek = shown(week.contested);
    const byCategoryThisWeek = new Map(thisWeekByCategory.map((row) => [row.key, row.transferred]));
    const none = { tasks: 0, patients: 0 };
    return {
      scope,
      scopeLabel,
      generatedAt: now.toISOString(),
      now: {
        open: shown(counts.open),
        overdue: shown(counts.overdue),
        unassigned: shown(counts.unassigned),
        awaitingHospital: shown(counts.awaitingHospital),
      },
      today: { transferred: shown(today.transferred) },
      thisWeek: {
        transferred: transferredThisWeek,
        contested: contestedThisWeek,
        contestedShare:
          typeof transferredThisWeek === 'number' && transferredThisWeek > 0 && typeof contestedThisWeek === 'number'
            ? Math.round((contestedThisWeek / transferredThisWeek) * 1000) / 1000
            : null,
      },
      byCategory: TASK_CATEGORY_CODES.map((category) => ({
        category,
        open: shown(counts.openByCategory.get(category) ?? none),
        transferredThisWeek: shown(byCategoryThisWeek.get(category) ?? none),
      })),
      weeklyTrend: [...earlier.weeks, week].map((w) => ({ week: w.week, weekStart: w.weekStart, transferred: shown(w.transferred), contested: shown(w.contested) })),
      officeLoad: offices
        .map((office) => {
          const counted = counts.openByOffice.get(office.office) ?? { ...none, oldest: null };
          const open = shown(counted);
          return {
            ...office,
            open,
            openPerGp: typeof open !== 'number' ? open : office.gps > 0 ? Math.round((open / office.gps) * 10) / 10 : null,
            oldestOpenSince: counted.oldest,
            load: office.gps > 0 ? counted.tasks / office.gps : counted.tasks,
          };
        })
        .sort((a, b) => b.load - a.load || a.name.localeCompare(b.name, 'nb'))
        .slice(0, OFFICE_ROWS)
        .map(({ office, name, gps, open, openPerGp, oldestOpenSince }) => ({ office, name, gps, open, openPerGp, oldestOpenSince })),
      contestedReasons: earlier.reasons,
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
   * moves them little: they are recomputed at most once a minute per scope.
   */
  private earlierFigures(scope: BoardScope, filter: TaskLoadFilter, calendar: BoardCalendar, bound: number): Promise<EarlierFigures> {
    const cached = this.earlier.get(scope);
    if (cached && Date.now() - cached.at < EARLIER_FIGURES_MS && cached.weekStart === calendar.startOfWeek.getTime()) return cached.value;
    const db = this.database;
    const trend = { ...filter, from: calendar.startOfTrend, until: new Date() };
    const value = Promise.all([
      this.query.weeks(db, { ...filter, from: calendar.startOfTrend, until: calendar.startOfWeek }, bound),
      this.query.contestedReasons(db, trend, bound),
      this.query.durations(db, trend, bound),
    ]).then(([weeks, reasons, durations]) => ({ weeks, reasons, durations }));
    this.earlier.set(scope, { at: Date.now(), weekStart: calendar.startOfWeek.getTime(), value });
    value.catch(() => this.earlier.delete(scope));
    return value;
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
