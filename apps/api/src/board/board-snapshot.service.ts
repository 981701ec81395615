import { Injectable } from '@nestjs/common';
import { QueueName, TASK_CATEGORY_CODES } from '@app/fhir';
import { BoardScope, BoardSnapshot, QueueHealthSummary, parseBoardScope, suppressedCount } from '@app/fhir/board/board-metrics';
import { Database } from '../database/sql-client';
import { QueueHealthService } from '../ops/queue-health.service';
import { OrganizationNames } from './organization-names';
import { TaskLoadFilter, TaskLoadQuery, boardCalendar, shown } from './task-load.query';

/** The trend line's length: a quarter of a year of weeks. */
export const TREND_WEEKS = 12;
const OFFICE_ROWS = 20;

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

  constructor(
    private readonly database: Database,
    private readonly query: TaskLoadQuery,
    private readonly names: OrganizationNames,
    private readonly queueHealth: QueueHealthService,
  ) {}

  async snapshot(scope: BoardScope, now = new Date()): Promise<UnversionedSnapshot> {
    const db = this.database;
    const filter = filterOfScope(scope);
    const calendar = await boardCalendar(db, now, TREND_WEEKS);
    const trend = { ...filter, from: calendar.startOfTrend, until: now };
    const [counts, today, weeks, thisWeekByCategory, offices, reasons, durations, queues, scopeLabel] = await Promise.all([
      this.query.now(db, filter, calendar.today),
      this.query.totals(db, { ...filter, from: calendar.startOfToday, until: now }),
      this.query.weeks(db, trend),
      this.query.groupedBy(db, { ...filter, from: calendar.startOfWeek, until: now }, 'category'),
      this.query.officeLoad(db, filter),
      this.query.contestedReasons(db, trend),
      this.query.durations(db, trend),
      this.queueSummary(),
      this.names.labelOf(scope),
    ]);
    const thisWeek = weeks[weeks.length - 1];
    const transferredThisWeek = shown(thisWeek.transferred);
    const contestedThisWeek = shown(thisWeek.contested);
    const byCategoryThisWeek = new Map(thisWeekByCategory.map((row) => [row.key, row.transferred]));
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
        open: shown(counts.openByCategory.get(category) ?? { tasks: 0, patients: 0 }),
        transferredThisWeek: shown(byCategoryThisWeek.get(category) ?? { tasks: 0, patients: 0 }),
      })),
      weeklyTrend: weeks.map((week) => ({ week: week.week, weekStart: week.weekStart, transferred: shown(week.transferred), contested: shown(week.contested) })),
      officeLoad: offices
        .map((office) => {
          const open = suppressedCount(office.open.tasks, office.open.patients);
          return {
            office: office.office,
            name: office.name,
            gps: office.gps,
            open,
            openPerGp: typeof open !== 'number' ? open : office.gps > 0 ? Math.round((open / office.gps) * 10) / 10 : null,
            oldestOpenSince: office.oldestOpenSince,
            sortKey: office.gps > 0 ? office.open.tasks / office.gps : office.open.tasks,
          };
        })
        .sort((a, b) => b.sortKey - a.sortKey || a.name.localeCompare(b.name, 'nb'))
        .slice(0, OFFICE_ROWS)
        .map(({ sortKey: _sortKey, ...office }) => office),
      contestedReasons: reasons,
      timeToAccept: durations.toAccept,
      timeToComplete: durations.toComplete,
      queues,
      consultations: null,
      lowThresholdReferrals: null,
      multidose: null,
    };
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
