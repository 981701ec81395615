/**
 * `npm run bench -- multidose`: 50,000 multidose episodes (Norway has about 100,000 multidose users) among
 * the seeded Bergen GPs. Measured in the same run, interleaved at the same constant arrival rate (open
 * loop): a discharge hand-over with medication changes (RESEPT-NY, MED-JUST and two other tasks, as the
 * hospital system: `POST /fhir/R4` transaction) for a patient with an active multidose episode — which
 * makes the episode change-pending and gives the GP an update Task in the same transaction — against the
 * same hand-over for a patient of the same GPs with no episode (target: p99 no more than 20 % slower).
 * And the board's multidose panel with its "pending changes" figure, counted by the panel provider the
 * worker runs, on the municipality's board and a GP office's (target p99 < 50 ms), checked against the
 * count in SQL. EXPLAIN ANALYZE of the queries the multidose write rules run on every hand-over.
 */
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import { EPISODE_TYPE_SYSTEM, MULTIDOSE_EPISODE_TYPE, Resource, TASK_KIND_SYSTEM, TaskCategoryCode, TaskKind } from '@app/fhir';
import { BoardScope } from '@app/fhir/board/board-metrics';
import { Disclosure } from '../../apps/api/src/access/complementary-suppression';
import { BoardPanelRegistry } from '../../apps/api/src/board-panels/board-panels.registry';
import { SESSION_SETTINGS } from '../../apps/api/src/database/data-source-options';
import { Database } from '../../apps/api/src/database/sql-client';
import { MultidoseBoardPanelProvider } from '../../apps/api/src/multidose/multidose-load/multidose-board-panel.provider';
import { MultidoseCoverageQuery } from '../../apps/api/src/multidose/multidose-load/multidose-coverage.query';
import { seedDirectory } from '../seed/seed';
import { asTransaction, dischargeHandoverEntries } from '../simulator/discharge-handover';
import { describeTask } from '../simulator/task-descriptions';
import { SeededRandom } from '../seed/seeded-random';
import { BenchEnvironment, clearRedisPrefix, log, prepareDatabase, startBenchEnvironment } from './bench-environment';
import { CPU_HEADER, LATENCY_HEADER, cpuColumns, latencyRow, verdict } from './bench-report';
import { expectStatus, send } from './http-client';
import { interleavedRounds } from './interleaved-rounds';
import { LatencySummary, summarise } from './latency-stats';
import { closedLoop, openLoop } from './load-generator';
import { BENCH_EPISODES, EPISODE_PREFIX, MultidoseWorld, ensureMultidoseWorld } from './multidose-bulk-loader';
import { BenchCpu, benchCpuMeter } from './process-cpu';
import { ensureSeededDirectory } from './seeded-directory';
import { printTable } from './table';

export interface MultidoseBenchOptions {
  /** Hand-overs per second of each contender, open loop. */
  rate: number;
  seconds: number;
  rounds: number;
  /** Panel counts per board, one after another (as the worker's publisher counts a changed board each frame); at most a minute per board. */
  boardRuns: number;
  fresh: boolean;
}

const DATABASE = 'bro_bench_multidose';
const API_PORT = 3980;
const IDP_PORT = 4980;
const REDIS_PREFIX = 'bro_bench_multidose';
/** The multidose hand-over's p99 may be at most this much of the plain one's. */
const HANDOVER_P99_RATIO_TARGET = 1.2;
const PANEL_P99_TARGET_MS = 50;
const PANEL_BUDGET_MS = 60_000;
const CHANGES: TaskCategoryCode[] = ['RESEPT-NY', 'MED-JUST', 'KONTROLL', 'PROVESVAR'];
/** The same hand-over with one medication change: shows what the second change (an update of the update Task) costs. */
const ONE_CHANGE: TaskCategoryCode[] = ['RESEPT-NY', 'KONTROLL', 'PROVESVAR', 'ANNET'];
const UPDATE_TASK_TOKEN = `sv:${TASK_KIND_SYSTEM}|${TaskKind.MultidoseUpdate}`;
const MULTIDOSE_TYPE_TOKEN = `sv:${EPISODE_TYPE_SYSTEM}|${MULTIDOSE_EPISODE_TYPE}`;
const DAY = 86_400_000;

async function haukelandUnit(env: BenchEnvironment): Promise<string> {
  const seeded = await seedDirectory({ fhirBaseUrl: env.fhirBaseUrl, token: env.token, onProgress: () => undefined });
  const unit = seeded.references.demoOrganizations.haukelandMedisinsk;
  if (!unit) throw new Error('the seeded directory lacks the Haukeland unit');
  return unit;
}

/** Hand-overs of the loaded patients, each patient once: those with an active episode, and those with none. */
function handovers(env: BenchEnvironment, world: MultidoseWorld, unit: string) {
  const random = new SeededRandom(Date.now() >>> 0);
  const headers = { Authorization: `Bearer ${env.token}`, 'Content-Type': 'application/fhir+json' };
  const used: string[] = [];
  let nextMultidose = 0;
  let nextPlain = 0;
  const post = async (patient: Resource, categories = CHANGES) => {
    const now = new Date();
    const content = dischargeHandoverEntries({
      patient,
      requester: unit,
      admittedAt: new Date(now.getTime() - 4 * DAY).toISOString(),
      dischargedAt: now.toISOString(),
      tasks: categories.map((category) => ({ category, description: describeTask(random, category) })),
    });
    const body = await expectStatus(send(env.fhirBaseUrl, 'POST', headers, JSON.stringify(asTransaction(content))), 200);
    const created = body.match(/"status":"201/g)?.length ?? 0;
    if (created !== 1 + CHANGES.length) throw new Error(`a hand-over answered with ${created} of ${1 + CHANGES.length} entries created`);
  };
  return {
    used,
    multidose: async (categories = CHANGES) => {
      const next = world.activePatients[nextMultidose++];
      if (!next) throw new Error('no patient with an active episode left: run with --fresh');
      used.push(next.reference);
      await post(next.patient, categories);
    },
    plain: async () => post(world.plainPatients[nextPlain++ % world.plainPatients.length].patient),
  };
}

/** Every multidose patient handed over: episode change-pending and exactly one open update Task for it. */
async function checkHandedOver(databaseUrl: string, patients: string[]): Promise<{ pending: number; withOneTask: number }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ pending: string; one: string }>(
      `SELECT count(*) FILTER (WHERE e.sp_multidose_state = 'change-pending') AS pending,
              count(*) FILTER (WHERE (SELECT count(*) FROM fhir_task t WHERE t.sp_focus = 'EpisodeOfCare/' || e.id AND t.sp_code @> ARRAY[$2] AND t.sp_status IN ('requested', 'accepted')) = 1) AS one
         FROM fhir_episode_of_care e WHERE e.sp_patient = ANY($1::text[]) AND e.sp_type @> ARRAY[$3]`,
      [patients, UPDATE_TASK_TOKEN, MULTIDOSE_TYPE_TOKEN],
    );
    return { pending: Number(rows[0].pending), withOneTask: Number(rows[0].one) };
  } finally {
    await pool.end();
  }
}

/** Records each query the provider runs (for the breakdown and EXPLAIN). */
class RecordingDatabase extends Database {
  recording = false;
  readonly recorded: Array<{ sql: string; params: unknown[]; ms: number }> = [];

  override async query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []) {
    const started = performance.now();
    try {
      return await super.query<Row>(sql, params);
    } finally {
      if (this.recording) this.recorded.push({ sql, params, ms: performance.now() - started });
    }
  }
}

interface PanelTiming {
  label: string;
  scope: BoardScope;
  summary: LatencySummary;
  panel: Record<string, unknown>;
  queries: Array<{ sql: string; ms: number; plan: string[] }>;
}

/**
 * The panel as the worker's publisher counts it (the provider, on its own pool of ten like the worker's): one
 * count after another, as the publisher counts each changed board once a frame — at most a minute per board,
 * so a slow figure is reported rather than waited for.
 */
async function timePanel(databaseUrl: string, scopes: Array<{ label: string; scope: BoardScope }>, options: MultidoseBenchOptions): Promise<PanelTiming[]> {
  // The worker's session settings (no JIT, generic plans for prepared statements): counted as the worker counts.
  const pool = new Pool({ connectionString: databaseUrl, max: 10, options: SESSION_SETTINGS });
  const database = new RecordingDatabase(pool);
  const provider = new MultidoseBoardPanelProvider(database, new MultidoseCoverageQuery(), new BoardPanelRegistry());
  const timings: PanelTiming[] = [];
  try {
    for (const { label, scope } of scopes) {
      // Counted and shown as the board does it: every count through the suppression rules.
      const show = async () => {
        const counted = (await provider.count([scope], new Date())).get(scope)!;
        return counted.show(new Disclosure(counted.sameTasks)) as unknown as Record<string, unknown>;
      };
      await closedLoop(async () => void (await show()), 1, 1_000); // warm-up
      database.recorded.length = 0;
      database.recording = true;
      const panel = await show();
      database.recording = false;
      const queries = [];
      for (const recorded of database.recorded) {
        const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${recorded.sql}`, recorded.params);
        queries.push({ sql: recorded.sql.replace(/\s+/g, ' ').trim(), ms: recorded.ms, plan: rows.map((row) => row['QUERY PLAN']) });
      }
      const samples: number[] = [];
      let errors = 0;
      const started = performance.now();
      while (samples.length + errors < options.boardRuns && performance.now() - started < PANEL_BUDGET_MS) {
        const began = performance.now();
        try {
          await show();
          samples.push(performance.now() - began);
        } catch (error) {
          if (errors++ === 0) log(`  panel ${label}: first error: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (samples.length + errors < options.boardRuns) log(`  panel ${label}: ${samples.length} counts in the minute allowed, of ${options.boardRuns}`);
      timings.push({ label, scope, summary: summarise(samples, errors, (performance.now() - started) / 1000), panel, queries });
    }
    return timings;
  } finally {
    await pool.end();
  }
}

async function vacuumAnalyse(databaseUrl: string): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await pool.query('VACUUM (ANALYZE) fhir_episode_of_care, fhir_task');
  } finally {
    await pool.end();
  }
}

/** The scopes to time: the municipality (every episode) and the GP office with the most episodes. */
async function panelScopes(databaseUrl: string): Promise<Array<{ label: string; scope: BoardScope }>> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ office: string; n: string }>(
      `SELECT sp_organization AS office, count(*) AS n FROM fhir_episode_of_care WHERE sp_type @> ARRAY[$1] AND sp_organization IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      [MULTIDOSE_TYPE_TOKEN],
    );
    return [
      { label: 'municipality (all offices)', scope: 'municipality' },
      ...rows.map((row) => ({ label: `GP office (${row.n} episodes)`, scope: `office:${row.office}` as BoardScope })),
    ];
  } finally {
    await pool.end();
  }
}

/** Change-pending episodes by SQL, to compare with what the panel shows. */
async function pendingInSql(databaseUrl: string, scope: BoardScope): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const office = scope.startsWith('office:') ? scope.slice('office:'.length) : null;
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM fhir_episode_of_care WHERE sp_type @> ARRAY[$1] AND sp_multidose_state = 'change-pending' AND ($2::text IS NULL OR sp_organization = $2)`,
      [MULTIDOSE_TYPE_TOKEN, office],
    );
    return Number(rows[0].n);
  } finally {
    await pool.end();
  }
}

/** The first whole number under a key naming pending changes, wherever the panel keeps it; undefined when it has none. */
export function pendingFigureOf(panel: unknown, path = ''): { path: string; value: number } | undefined {
  if (!panel || typeof panel !== 'object') return undefined;
  for (const [key, value] of Object.entries(panel as Record<string, unknown>)) {
    if (key === 'coverage') continue;
    const here = path ? `${path}.${key}` : key;
    if (/pending/i.test(here) && typeof value === 'number') return { path: here, value };
    if (/pending/i.test(here) && value && typeof value === 'object' && typeof (value as { count?: unknown }).count === 'number') {
      return { path: `${here}.count`, value: (value as { count: number }).count };
    }
    const inner = pendingFigureOf(value, here);
    if (inner) return inner;
  }
  return undefined;
}

/** EXPLAIN ANALYZE of what the multidose rules run on each hand-over of a multidose patient (multidose-episodes.ts). */
async function explainWriteRules(databaseUrl: string): Promise<Array<{ name: string; ms: number; plan: string[] }>> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ patient: string; id: string }>(
      `SELECT sp_patient AS patient, id FROM fhir_episode_of_care WHERE id LIKE $1 AND sp_multidose_state = 'change-pending' LIMIT 1`,
      [`${EPISODE_PREFIX}%`],
    );
    const { rows: plain } = await pool.query<{ id: string }>(`SELECT id FROM fhir_patient WHERE id LIKE 'bench-mdplain-%' LIMIT 1`);
    const statements = [
      {
        name: 'openEpisodeOf (a multidose patient)',
        sql: `SELECT id FROM fhir_episode_of_care WHERE sp_patient = $1 AND sp_type @> ARRAY['sv:urn:bro:episode-type|multidose'] AND sp_multidose_state IS DISTINCT FROM 'ended' LIMIT 1`,
        params: [rows[0]?.patient],
      },
      {
        name: 'openEpisodeOf (a patient without one: what every hand-over pays)',
        sql: `SELECT id FROM fhir_episode_of_care WHERE sp_patient = $1 AND sp_type @> ARRAY['sv:urn:bro:episode-type|multidose'] AND sp_multidose_state IS DISTINCT FROM 'ended' LIMIT 1`,
        params: [`Patient/${plain[0]?.id}`],
      },
      {
        name: 'openUpdateTasks',
        sql: `SELECT id FROM fhir_task WHERE sp_focus = $1 AND sp_code @> ARRAY[$2] AND sp_status = ANY($3::text[]) ORDER BY last_updated`,
        params: [`EpisodeOfCare/${rows[0]?.id}`, UPDATE_TASK_TOKEN, ['requested', 'accepted']],
      },
    ];
    const explained = [];
    for (const statement of statements) {
      const { rows: plan } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
      const lines = plan.map((row) => row['QUERY PLAN']);
      explained.push({ name: statement.name, ms: Number(lines.map((line) => /Execution Time: ([\d.]+) ms/.exec(line)?.[1]).find(Boolean) ?? NaN), plan: lines });
    }
    return explained;
  } finally {
    await pool.end();
  }
}

export async function runMultidoseBench(options: MultidoseBenchOptions): Promise<boolean> {
  const databaseUrl = await prepareDatabase(DATABASE, options.fresh);
  await clearRedisPrefix(REDIS_PREFIX);
  await ensureSeededDirectory(databaseUrl, API_PORT, IDP_PORT);
  const env = await startBenchEnvironment(databaseUrl, API_PORT, IDP_PORT, REDIS_PREFIX);
  try {
    const unit = await haukelandUnit(env);
    const world = await ensureMultidoseWorld(databaseUrl, env.fhirBaseUrl);
    log(`multidose: ${world.episodes.toLocaleString('en')} episodes (${world.pending.toLocaleString('en')} change-pending), ${world.activePatients.length.toLocaleString('en')} active left to hand over`);
    const perContender = 2 * options.rate * options.seconds * options.rounds;
    if (world.activePatients.length < perContender + 50) throw new Error(`${world.activePatients.length} active episodes left, this run hands over ${perContender}: run with --fresh`);

    const contenders = handovers(env, world, unit);
    // Warm-up, both kinds: JIT, pools, the EHR's token and scope caches.
    await openLoop(() => contenders.plain(), options.rate, 2_000);
    await openLoop(() => contenders.multidose(), options.rate, 2_000);
    log(`hand-overs with medication changes: ${options.rounds} interleaved rounds of ${options.seconds} s per contender at ${options.rate}/s (open loop); load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
    const results = await interleavedRounds(
      [
        { name: 'no episode', operation: () => contenders.plain() },
        { name: 'multidose', operation: () => contenders.multidose() },
        { name: 'multidose, one change', operation: () => contenders.multidose(ONE_CHANGE) },
      ],
      { rounds: options.rounds, clients: 0, rate: options.rate, durationMs: options.seconds * 1000, cpu: benchCpuMeter(env.apiPid, env.databaseUrl) },
    );
    const handedOver = await checkHandedOver(databaseUrl, contenders.used);

    const explained = await explainWriteRules(databaseUrl);
    const loadAfter = loadavg();

    const plain = results['no episode'].summary;
    const multidose = results.multidose.summary;
    const ratio = multidose.p99 / plain.p99;
    const oneChange = results['multidose, one change'].summary;
    printTable(
      `Discharge hand-overs (Encounter + ${CHANGES.length} Tasks: ${CHANGES.join(', ')}) for a stored patient, ${options.rate}/s open loop, interleaved, ${new Date().toISOString().slice(0, 16)}Z; ` +
        `${BENCH_EPISODES.toLocaleString('en')} multidose episodes loaded; load average after ${loadAfter.map((n) => n.toFixed(2)).join(' ')}`,
      [...LATENCY_HEADER, ...CPU_HEADER, 'p99 ÷ no episode', 'target'],
      [
        latencyRow('patient without an episode', plain, [...cpuColumns(results['no episode'].cpu as unknown as BenchCpu, plain, true), '1.00', '-']),
        latencyRow('multidose patient (→ change-pending + update Task)', multidose, [
          ...cpuColumns(results.multidose.cpu as unknown as BenchCpu, multidose, true),
          ratio.toFixed(2),
          verdict(ratio <= HANDOVER_P99_RATIO_TARGET && multidose.errors === 0, `p99 ${((ratio - 1) * 100).toFixed(0)} % slower (target ≤ ${((HANDOVER_P99_RATIO_TARGET - 1) * 100).toFixed(0)} %)`),
        ]),
        latencyRow(`multidose patient, one change (${ONE_CHANGE.join(', ')})`, oneChange, [
          ...cpuColumns(results['multidose, one change'].cpu as unknown as BenchCpu, oneChange, true),
          (oneChange.p99 / plain.p99).toFixed(2),
          '(for comparison)',
        ]),
      ],
    );
    const handedOverOk = handedOver.pending === contenders.used.length && handedOver.withOneTask === contenders.used.length;
    log(
      `${contenders.used.length} multidose patients handed over: ${handedOver.pending} episodes change-pending, ${handedOver.withOneTask} with exactly one open update Task ${handedOverOk ? '(all)' : '— MISSING SOME'}`,
    );

    printTable('What the multidose write rules run on every hand-over (EXPLAIN ANALYZE; multidose-episodes.ts)', ['query', 'PostgreSQL ms', 'plan'], explained.map((e) => [e.name, e.ms, e.plan.filter((line) => /Scan|Limit|Sort/.test(line)).map((line) => line.trim().replace(/\s+\(cost=.*$/, '')).join(' → ')]));

    // At rest, as autovacuum leaves the tables after a burst of hand-overs (statistics current, visibility map set).
    await vacuumAnalyse(databaseUrl);
    log(`multidose panel: ${options.boardRuns} counts per board, one after another, at rest`);
    const scopes = await panelScopes(databaseUrl);
    let panels: PanelTiming[] = [];
    let panelFailure: string | undefined;
    try {
      panels = await timePanel(databaseUrl, scopes, options);
    } catch (error) {
      // Reported, not thrown: the hand-over results above stand on their own.
      panelFailure = error instanceof Error ? error.message : String(error);
      log(`the multidose panel could not be counted: ${panelFailure}`);
    }
    const rows = [];
    let figuresOk = true;
    for (const timing of panels) {
      const figure = pendingFigureOf(timing.panel);
      const expected = await pendingInSql(databaseUrl, timing.scope);
      const same = figure === undefined ? 'panel has no pending figure yet' : figure.value === expected ? `= SQL (${expected})` : `≠ SQL ${expected}`;
      if (figure !== undefined && figure.value !== expected) figuresOk = false;
      rows.push(
        latencyRow(`multidose panel, ${timing.label}`, timing.summary, [
          figure ? `${figure.path} = ${figure.value}` : '-',
          same,
          verdict(timing.summary.p99 < PANEL_P99_TARGET_MS && timing.summary.errors === 0, `p99 ${timing.summary.p99.toFixed(1)} ms ≥ ${PANEL_P99_TARGET_MS}`),
        ]),
      );
    }
    printTable(
      `The board's multidose panel (coverage + pending changes) as the worker counts it (MultidoseBoardPanelProvider.count, one board at a time, one count after another, pool of 10), at rest`,
      [...LATENCY_HEADER, 'pending figure', 'check', 'target (p99 < 50 ms)'],
      rows,
    );
    for (const timing of panels) {
      console.log(`\nPanel queries, ${timing.label} (one count, EXPLAIN ANALYZE):`);
      for (const query of timing.queries) {
        const execution = query.plan.map((line) => /Execution Time: ([\d.]+) ms/.exec(line)?.[1]).find(Boolean);
        console.log(`  ${query.ms.toFixed(1)} ms in the run, ${execution ?? '?'} ms in PostgreSQL: ${query.sql.slice(0, 160)}${query.sql.length > 160 ? '…' : ''}`);
      }
    }
    const handoverOk = ratio <= HANDOVER_P99_RATIO_TARGET && multidose.errors === 0 && plain.errors === 0;
    const panelOk = !panelFailure && panels.length > 0 && panels.every((timing) => timing.summary.p99 < PANEL_P99_TARGET_MS && timing.summary.errors === 0);
    printTable('Targets', ['target', 'measured', 'verdict'], [
      ['multidose hand-over p99 ≤ 1.2 × without episode', `${multidose.p99.toFixed(1)} ms vs ${plain.p99.toFixed(1)} ms (× ${ratio.toFixed(2)})`, verdict(ratio <= HANDOVER_P99_RATIO_TARGET, `× ${ratio.toFixed(2)}`)],
      ...(panelFailure ? [[`pending changes (panel) p99 < ${PANEL_P99_TARGET_MS} ms`, `failed: ${panelFailure.slice(0, 100)}`, 'MISSED: not counted']] : []),
      ...panels.map((timing) => [`pending changes (panel) p99 < ${PANEL_P99_TARGET_MS} ms, ${timing.label}`, `${timing.summary.p99.toFixed(1)} ms`, verdict(timing.summary.p99 < PANEL_P99_TARGET_MS, `${timing.summary.p99.toFixed(1)} ms`)]),
      ['every multidose hand-over left the episode change-pending with one update Task', `${handedOver.withOneTask}/${contenders.used.length}`, verdict(handedOverOk, 'some missing')],
      ['panel pending figure = SQL', figuresOk ? 'equal (or not in the panel yet)' : 'differs', verdict(figuresOk, 'differs')],
    ]);
    return handoverOk && panelOk && handedOverOk && figuresOk;
  } finally {
    await env.stop();
  }
}
