/**
 * What one board frame costs in PostgreSQL: the worker's BoardSnapshotService run in this process on
 * its own pool, one scope at a time, each query timed and named after the code that ran it; and
 * EXPLAIN ANALYZE of every query of a snapshot, to show where a slow one spends its time.
 */
import { Pool } from 'pg';
import { BoardScope } from '@app/fhir/board/board-metrics';
import { BoardPanelRegistry } from '../../apps/api/src/board-panels/board-panels.registry';
import { BoardSnapshotService } from '../../apps/api/src/board/board-snapshot.service';
import { OrganizationNames } from '../../apps/api/src/directory/organization-names';
import { DischargeBoardPanelProvider, TREND_WORK_MEM } from '../../apps/api/src/transfers/task-load/discharge-board-panel.provider';
import { DischargeLiveFiguresQuery } from '../../apps/api/src/transfers/task-load/discharge-live-figures.query';
import { DischargeTrendFiguresQuery } from '../../apps/api/src/transfers/task-load/discharge-trend-figures.query';
import { TaskLoadQuery } from '../../apps/api/src/transfers/task-load/task-load.query';
import { Database, SqlClient } from '../../apps/api/src/database/sql-client';
import { QueueHealthService } from '../../apps/api/src/ops/queue-health.service';
import { LatencySummary, summarise } from './latency-stats';

interface RecordedQuery {
  figure: string;
  sql: string;
  params: unknown[];
  ms: number;
}

const BOARD_CODE = /at (?:async )?((?:TaskLoadQuery|BoardSnapshotService|DischargeBoardPanelProvider|OrganizationNames)\.\w+|boardCalendar|osloDayStarts)\b/g;

/** Which board code ran a query, from the (async) stack: "now", or "now → countPatients" for a query a figure ran to count patients. */
export function figureOf(stack: string): string {
  const frames = [...stack.matchAll(BOARD_CODE)].map((match) => match[1].replace(/^(TaskLoadQuery|BoardSnapshotService|DischargeBoardPanelProvider|OrganizationNames)\./, ''));
  if (frames.length === 0) return 'other';
  const [innermost, ...callers] = frames;
  const figure = callers.find((frame) => frame !== innermost && frame !== 'snapshot' && frame !== 'earlierFigures');
  return figure && (innermost === 'countPatients' || innermost === 'osloDayStarts') ? `${figure} → ${innermost}` : innermost;
}

/** The pool the publisher's snapshot service uses, with every query recorded. */
class RecordingDatabase extends Database {
  readonly recorded: RecordedQuery[] = [];

  override query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []) {
    return this.record(sql, params, () => super.query<Row>(sql, params));
  }

  /** The trend figures run in a transaction of their own (for its work_mem): their queries are recorded too, but not the SET. */
  override transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> {
    return super.transaction((client) =>
      work({
        ...client,
        query: <Row = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
          sql.startsWith('SET LOCAL') ? client.query<Row>(sql, params) : this.record(sql, params, () => client.query<Row>(sql, params)),
      }),
    );
  }

  private async record<T>(sql: string, params: unknown[], run: () => Promise<T>): Promise<T> {
    const figure = figureOf(new Error().stack ?? '');
    const started = performance.now();
    try {
      return await run();
    } finally {
      this.recorded.push({ figure, sql, params, ms: performance.now() - started });
    }
  }
}

export interface FigureTiming {
  figure: string;
  /** Queries of this figure per snapshot. */
  queries: number;
  /** p50 of the figure's time per snapshot (its queries' times added up). */
  p50: number;
  max: number;
}

export interface ScopeTiming {
  scope: BoardScope;
  label: string;
  /** Snapshots as the publisher computes most of them: the twelve-week figures cached from an earlier one. */
  frame: LatencySummary;
  /** Snapshots computing everything (a new scope, or once a minute per scope for the twelve-week figures). */
  full: LatencySummary;
  /** Per figure, within the full snapshots. */
  figures: FigureTiming[];
}

/** Queue health comes from Redis and is the same for every scope: left out, so the figures are PostgreSQL's. */
const noQueues = { queuesHealth: () => Promise.resolve([]) } as unknown as QueueHealthService;

/** The board as the worker assembles it: the discharge panel registered, on this database. */
function boardOn(database: Database): BoardSnapshotService {
  const registry = new BoardPanelRegistry();
  const query = new TaskLoadQuery();
  new DischargeBoardPanelProvider(database, query, new DischargeLiveFiguresQuery(query), new DischargeTrendFiguresQuery(query), registry).onModuleInit();
  return new BoardSnapshotService(registry, new OrganizationNames(database), noQueues);
}

async function withDatabase<T>(databaseUrl: string, jit: boolean, work: (database: RecordingDatabase, service: () => BoardSnapshotService) => Promise<T>): Promise<T> {
  // As many connections as a snapshot runs queries at once, like the worker's pool.
  const pool = new Pool({ connectionString: databaseUrl, max: 10, options: jit ? undefined : '-c jit=off' });
  const database = new RecordingDatabase(pool);
  try {
    return await work(database, () => boardOn(database));
  } finally {
    await pool.end();
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

const summary = (samples: number[]) => summarise(samples, 0, samples.reduce((a, b) => a + b, 0) / 1000);

/**
 * Per scope, one after another: `runs` full snapshots (each by a new service, so nothing is cached) and
 * `runs` frames (one service, its twelve-week figures cached by the first), after one untimed of each.
 */
export function timeSnapshots(databaseUrl: string, scopes: Array<{ scope: BoardScope; label: string }>, runs: number, jit = true): Promise<ScopeTiming[]> {
  return withDatabase(databaseUrl, jit, async (database, newService) => {
    const timings: ScopeTiming[] = [];
    for (const { scope, label } of scopes) {
      await newService().snapshot(scope);
      const full: number[] = [];
      const perSnapshot = new Map<string, number[]>();
      const counts = new Map<string, number>();
      for (let i = 0; i < runs; i++) {
        database.recorded.length = 0;
        full.push(await timed(() => newService().snapshot(scope)));
        const byFigure = new Map<string, number>();
        for (const r of database.recorded) byFigure.set(r.figure, (byFigure.get(r.figure) ?? 0) + r.ms);
        for (const [figure, ms] of byFigure) perSnapshot.set(figure, [...(perSnapshot.get(figure) ?? []), ms]);
        if (i === 0) for (const r of database.recorded) counts.set(r.figure, (counts.get(r.figure) ?? 0) + 1);
      }
      const service = newService();
      await service.snapshot(scope);
      const frame: number[] = [];
      for (let i = 0; i < runs; i++) frame.push(await timed(() => service.snapshot(scope)));
      timings.push({
        scope,
        label,
        frame: summary(frame),
        full: summary(full),
        figures: [...perSnapshot.entries()]
          .map(([figure, ms]) => ({ figure, queries: counts.get(figure) ?? 0, p50: summary(ms).p50, max: Math.max(...ms) }))
          .sort((a, b) => b.p50 - a.p50),
      });
    }
    return timings;
  });
}

export interface CycleTiming {
  scopes: number;
  /** One pass over every scope computing everything, as when each scope's twelve-week figures are due. */
  fullMs: number;
  /** The next pass, twelve-week figures cached: what the publisher's cycle costs most seconds. */
  frameMs: number;
}

/**
 * What one cycle of the publisher costs PostgreSQL when every watched scope changed: their snapshots
 * one after another, as the publisher computes them.
 */
export function timePublisherCycle(databaseUrl: string, scopes: BoardScope[]): Promise<CycleTiming> {
  return withDatabase(databaseUrl, true, async (_database, newService) => {
    const service = newService();
    const pass = () => timed(async () => {
      for (const scope of scopes) await service.snapshot(scope);
    });
    const fullMs = await pass();
    return { scopes: scopes.length, fullMs, frameMs: await pass() };
  });
}

export interface ExplainedQuery {
  figure: string;
  executionMs: number;
  planningMs: number;
  /** Time PostgreSQL spent compiling the query with JIT, part of the execution time; 0 without JIT. */
  jitMs: number;
  sql: string;
  plan: string[];
}

/** EXPLAIN (ANALYZE, BUFFERS) of each query a full snapshot of `scope` runs, one at a time, slowest first. */
export function explainSnapshot(databaseUrl: string, scope: BoardScope): Promise<ExplainedQuery[]> {
  return withDatabase(databaseUrl, true, async (database, newService) => {
    await newService().snapshot(scope);
    const queries = [...database.recorded];
    const pool = new Pool({ connectionString: databaseUrl, max: 1 });
    try {
      const explained: ExplainedQuery[] = [];
      for (const recorded of queries) {
        // With the work_mem the query ran with: the trend figures' own, the server's default for the rest.
        await pool.query(`SET work_mem = ${recorded.figure === 'refreshTrend' ? `'${TREND_WORK_MEM}'` : 'DEFAULT'}`);
        const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${recorded.sql}`, recorded.params);
        const plan = rows.map((row) => row['QUERY PLAN']);
        const number = (pattern: RegExp) => Number(plan.map((line) => pattern.exec(line)?.[1]).find((value) => value !== undefined) ?? 0);
        explained.push({
          figure: recorded.figure,
          executionMs: number(/Execution Time: ([\d.]+) ms/),
          planningMs: number(/Planning Time: ([\d.]+) ms/),
          jitMs: number(/Timing: .*Total ([\d.]+) ms/),
          sql: recorded.sql.replace(/\s+/g, ' ').trim(),
          plan,
        });
      }
      return explained.sort((a, b) => b.executionMs - a.executionMs);
    } finally {
      await pool.end();
    }
  });
}
