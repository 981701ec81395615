/**
 * `npm run bench -- board`: the live board under load. Two API instances share PostgreSQL and Redis;
 * one worker publishes the frames; 500 boards (socket.io clients, half on each instance) watch the
 * municipality, the hospitals and the GP offices while hand-overs arrive at 50/s (open loop, the
 * simulator's planner). A probe hand-over a second goes to an office only the benchmark writes to, and
 * its boards on both instances time how long until they show it. Interleaved with it, the baseline:
 * the same frames, at the same rates per scope, to the same 500 clients through plain socket.io
 * servers with the same Redis adapter and emitter, and nothing of Bro.
 */
import { Pool } from 'pg';
import { OPEN_TASK_STATUSES } from '@app/fhir';
import { BoardDelta, BoardScope, CountCell } from '@app/fhir/board/board-metrics';
import { fetchDemoToken, startDevIdentityProvider } from '../identity-provider/demo-token';
import { SeededRandom } from '../seed/seeded-random';
import { asMessage, asTransaction, dischargeHandoverEntries } from '../simulator/discharge-handover';
import { HandoverPlanner } from '../simulator/handover-plan';
import { NewPatientFactory } from '../simulator/new-patient.factory';
import { BoardClient, PhaseClock } from './board-client';
import { planAudience } from './board-audience';
import { BoardDirectory, readBoardDirectory } from './board-directory';
import { compareRows, openPerScopeOnTheFly } from './board-rollup-check';
import { CycleTiming, ExplainedQuery, ScopeTiming, explainSnapshot, timePublisherCycle, timeSnapshots } from './board-snapshot-timing';
import { ApiProcess, clearRedisPrefix, log, prepareDatabase, startApiProcess, startWorkerProcess } from './bench-environment';
import { verdict } from './bench-report';
import { send } from './http-client';
import { LatencySummary, summarise } from './latency-stats';
import { RunResult, openLoop } from './load-generator';
import { CpuMeter } from './process-cpu';
import { RawFanoutReplay, RawFanoutServer, ScopeTraffic, startRawFanoutServer } from './raw-fanout';
import { ensureSeededDirectory } from './seeded-directory';
import { format, printTable } from './table';
import { directoryTaskShape, ensureTasks, verifySample } from './task-bulk-loader';

export interface BoardBenchOptions {
  tasks: number;
  /** Seconds of Bro measured in all (split over the rounds); the baseline gets half as long. */
  seconds: number;
  rounds: number;
  /** Hand-overs per second. */
  rate: number;
  clients: number;
  fresh: boolean;
}

const DATABASE = 'bro_bench_board';
const REDIS_PREFIX = 'bro_bench_board';
const RAW_KEY = 'bro_bench_board_raw:socket.io';
const API_PORTS = [3910, 3911];
const IDP_PORT = 4910;
const RAW_PORTS = [3920, 3921];
const P99_TARGET_MS = 2_000;
const FANOUT_CPU_TARGET = 50;
const PROBE_BOARDS_PER_INSTANCE = 5;
/** Open tasks the probe office starts with: a board shows "<5" for fewer patients, which a probe could not be read from. */
const PROBE_FILL = 5;
/** Probe offices are left out of the offices the other boards watch. */
export const PROBE_OFFICE_NAME = 'Benchmark probe legesenter';
const WARM_UP_MS = 10_000;
const HANDOVERS_ONLY_MS = 15_000;
const SETTLE_MS = 3_000;
const SNAPSHOT_RUNS = 8;
/** Boards subscribing at once while the benchmark opens them. */
const SUBSCRIBE_BATCH = 25;

/** What the boards showed per scope in one window of Bro: how many frames, how big, the last one (the baseline replays it). */
interface ScopeFrames {
  frames: number;
  bytes: number;
  last?: BoardDelta;
  generatedAt: number[];
}

interface Probe {
  /** How many probe tasks the office has once this one is in: the count its boards must reach. */
  count: number;
  answeredAt: number;
  measured: boolean;
  window: number;
}

interface CpuSample {
  phase: 'hand-overs only' | 'baseline' | 'baseline at 1/s' | 'bro';
  cpu: Record<string, number>;
}

async function expectOk(response: Promise<{ status: number; body: string }>): Promise<string> {
  const { status, body } = await response;
  if (status < 200 || status > 299) throw new Error(`HTTP ${status}: ${body.slice(0, 300)}`);
  return body;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const kindOf = (scope: BoardScope) => (scope === 'municipality' ? 'municipality' : scope.startsWith('hospital:') ? 'hospital' : 'office');

export async function runBoardBench(options: BoardBenchOptions): Promise<void> {
  const broWindowMs = (options.seconds * 1000) / options.rounds;
  const baselineWindowMs = broWindowMs / 2;
  const databaseUrl = await prepareDatabase(DATABASE, options.fresh);
  await ensureSeededDirectory(databaseUrl, API_PORTS[0], IDP_PORT);
  const directory = await readBoardDirectory(databaseUrl);
  log(
    `directory: ${directory.hospitals.length} hospitals with ${directory.hospitalUnits.length} units, ${directory.offices.length} GP offices, ` +
      `${directory.gpRoles.length} GPs, ${directory.simulation.patients.length} patients with a GP`,
  );
  await ensureTasks(databaseUrl, options.tasks, undefined, directoryTaskShape({ gpRoles: directory.gpRoles, hospitalUnits: directory.hospitalUnits }, options.tasks));
  const loadedRows = await compareRows(databaseUrl);
  log(
    `task_load against fhir_task after loading: ${loadedRows.tasks.toLocaleString('en')} Tasks, ${loadedRows.missing} missing, ${loadedRows.extra} extra, ` +
      `${loadedRows.differing} differing (${(loadedRows.millis / 1000).toFixed(1)} s)`,
  );
  const load = await taskLoadSize(databaseUrl);
  log(`task_load: ${load.tasks.toLocaleString('en')} tasks, ${load.open.toLocaleString('en')} open (each run adds the open tasks of its hand-overs; --fresh starts over)`);
  log(`cleared ${await clearRedisPrefix(REDIS_PREFIX)} Redis keys under ${REDIS_PREFIX}:`);

  const identityProvider = await startDevIdentityProvider({ port: IDP_PORT });
  const stops: Array<() => Promise<void>> = [() => identityProvider.stop()];
  const clients: BoardClient[] = [];
  try {
    const apis = await Promise.all(
      API_PORTS.map((port, i) => startApiProcess({ databaseUrl, port, issuer: identityProvider.issuer, redisPrefix: REDIS_PREFIX, poolSize: i === 0 ? 24 : 12 })),
    );
    stops.unshift(...apis.map((api) => () => api.stop()));
    await verifySample(databaseUrl, apis[0].fhirBaseUrl);
    const worker = await startWorkerProcess({ databaseUrl, issuer: identityProvider.issuer, redisPrefix: REDIS_PREFIX });
    stops.unshift(() => worker.stop());
    const raws: RawFanoutServer[] = await Promise.all(RAW_PORTS.map((port) => startRawFanoutServer(port, RAW_KEY)));
    stops.unshift(...raws.map((raw) => () => raw.stop()));
    const replay = new RawFanoutReplay(RAW_KEY);
    stops.unshift(async () => replay.close());

    const ehrToken = await fetchDemoToken(identityProvider.issuer, 'ehr');
    const qualityToken = await fetchDemoToken(identityProvider.issuer, 'quality');
    const headers = { Authorization: `Bearer ${ehrToken}`, 'Content-Type': 'application/fhir+json' };

    // What a board frame costs PostgreSQL at this size, before any load: it bounds the latency.
    const busiestOffice = await busiestOfficeOf(databaseUrl);
    const timedScopes = [
      { scope: 'municipality' as BoardScope, label: 'municipality' },
      ...directory.hospitals.map((h) => ({ scope: `hospital:${h.reference}` as BoardScope, label: h.name })),
      { scope: `office:${busiestOffice.reference}` as BoardScope, label: `${busiestOffice.name} (busiest office)` },
    ];
    log(`snapshot cost at rest: ${SNAPSHOT_RUNS} full snapshots and ${SNAPSHOT_RUNS} frames per scope, one after another`);
    const atRest = await timeSnapshots(databaseUrl, timedScopes, SNAPSHOT_RUNS);
    const withoutJit = await timeSnapshots(databaseUrl, timedScopes.slice(0, 1), SNAPSHOT_RUNS, false);
    const explained = await explainSnapshot(databaseUrl, 'municipality');
    const everyScope: BoardScope[] = ['municipality', ...directory.hospitals.map((h) => `hospital:${h.reference}` as BoardScope), ...directory.offices.map((o) => `office:${o.reference}` as BoardScope)];
    const cycle = await timePublisherCycle(databaseUrl, everyScope);
    log(`one publisher cycle over ${cycle.scopes} scopes at rest: ${(cycle.fullMs / 1000).toFixed(1)} s computing everything, ${(cycle.frameMs / 1000).toFixed(1)} s with the twelve-week figures cached`);
    const slowestHospital = [...atRest].filter((t) => t.scope.startsWith('hospital:')).sort((a, b) => b.full.p50 - a.full.p50)[0];
    const explainedHospital = slowestHospital ? { label: slowestHospital.label, queries: await explainSnapshot(databaseUrl, slowestHospital.scope) } : undefined;

    // The probe office: a GP office only the benchmark hands over to.
    const probeOffice = await probeOfficeFor(databaseUrl, apis[0], headers);
    // The office keeps the open tasks of earlier runs' probes: the boards must come to show those plus this run's.
    const probeOpenBefore = await openTasksOf(databaseUrl, probeOffice);
    const random = new SeededRandom(Date.now() >>> 0);
    const newPatients = new NewPatientFactory(random.fork('new-patients'), directory.simulation.knownPersonNumbers);
    const planner = new HandoverPlanner(random.fork('hand-overs'), directory.simulation, newPatients);
    const handover = (api: ApiProcess) => () => {
      const plan = planner.plan();
      return plan.channel === 'message'
        ? expectOk(send(`${api.fhirBaseUrl}/$process-message`, 'POST', headers, JSON.stringify(asMessage(plan.content)))).then(() => undefined)
        : expectOk(send(api.fhirBaseUrl, 'POST', headers, JSON.stringify(asTransaction(plan.content)))).then(() => undefined);
    };
    const probes: Probe[] = [];
    let probeErrors = 0;
    let window = 0;
    const probeOnce = async (api: ApiProcess, measured: boolean) => {
      const now = new Date();
      const content = dischargeHandoverEntries({
        patient: newPatients.patient({}, now),
        requester: directory.simulation.units[0].reference,
        admittedAt: new Date(now.getTime() - 2 * 86_400_000).toISOString(),
        dischargedAt: now.toISOString(),
        tasks: [{ category: 'KONTROLL', owner: probeOffice }],
      });
      try {
        await expectOk(send(api.fhirBaseUrl, 'POST', headers, JSON.stringify(asTransaction(content))));
        probes.push({ count: probeOpenBefore + probes.length + 1, answeredAt: Date.now(), measured, window });
      } catch (error) {
        probeErrors++;
        log(`probe failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    /**
     * One probe a second, each sent when the one before was answered, so they commit in order. Through
     * API 2: API 1 queues the hand-overs, and waiting there would only thin out the probes (their
     * latency counts from the answer either way); boards on API 1 get them through Redis.
     */
    const runProbes = async (durationMs: number, measured: boolean) => {
      const started = performance.now();
      for (let i = 0; performance.now() - started < durationMs; i++) {
        await sleep(Math.max(0, started + i * 1000 - performance.now()));
        await probeOnce(apis[1], measured);
      }
    };
    for (let i = probeOpenBefore; i < PROBE_FILL; i++) await probeOnce(apis[1], false);

    const cpuMeter = new CpuMeter({
      'API 1': CpuMeter.pids(apis[0].pid),
      'API 2': CpuMeter.pids(apis[1].pid),
      worker: CpuMeter.pids(worker.pid),
      postgres: CpuMeter.postgresFor(DATABASE),
      redis: CpuMeter.named('redis-server'),
      'raw server 1': CpuMeter.pids(raws[0].pid),
      'raw server 2': CpuMeter.pids(raws[1].pid),
      'bench (boards, load)': CpuMeter.pids(process.pid),
    });
    const cpuSamples: CpuSample[] = [];
    const handoverRuns: Array<{ window: string; run: RunResult }> = [];
    // Hand-overs go through API 1 (as one EHR integration would); API 2 serves boards (and every other probe) only.
    const handovers = (ms: number) => openLoop(handover(apis[0]), options.rate, ms);

    log(`hand-overs at ${options.rate}/s with no board open: ${WARM_UP_MS / 1000} s warm-up, then ${HANDOVERS_ONLY_MS / 1000} s measured`);
    await handovers(WARM_UP_MS);
    cpuMeter.start();
    handoverRuns.push({ window: 'no boards open', run: await handovers(HANDOVERS_ONLY_MS) });
    cpuSamples.push({ phase: 'hand-overs only', cpu: cpuMeter.stop() });

    // The boards.
    const clock: PhaseClock = { phase: 'setup' };
    const traffic = new Map<BoardScope, ScopeFrames>();
    const reporters = new Set<BoardClient>();
    const onFrame = (client: BoardClient, delta: BoardDelta) => {
      if (!reporters.has(client) || (clock.phase !== 'bro' && clock.phase !== 'warm-up')) return;
      const seen = traffic.get(client.scope) ?? { frames: 0, bytes: 0, generatedAt: [] };
      seen.frames++;
      seen.bytes += JSON.stringify(delta).length;
      seen.last = delta;
      if (delta.changes.generatedAt) seen.generatedAt.push(Date.parse(delta.changes.generatedAt));
      traffic.set(client.scope, seen);
    };
    const audience = planAudience(options.clients, PROBE_BOARDS_PER_INSTANCE, {
      hospitals: directory.hospitals.map((h) => h.reference),
      offices: directory.offices.map((o) => o.reference),
      probeOffice,
    });
    const probeBoards: BoardClient[] = [];
    const subscribeMs: Array<{ kind: string; ms: number }> = [];
    log(`opening ${audience.length} boards (${SUBSCRIBE_BATCH} at a time), each also joined to the baseline's server on its instance`);
    const opening = Date.now();
    for (let i = 0; i < audience.length; i += SUBSCRIBE_BATCH) {
      await Promise.all(
        audience.slice(i, i + SUBSCRIBE_BATCH).map(async (planned) => {
          const client = new BoardClient(planned.scope, planned.instance, clock, onFrame);
          clients.push(client);
          if (![...reporters].some((r) => r.scope === planned.scope)) reporters.add(client);
          if (planned.probe) probeBoards.push(client);
          subscribeMs.push({ kind: planned.probe ? 'probe office' : kindOf(planned.scope), ms: await client.connect(apis[planned.instance].origin, qualityToken) });
          await client.connectRaw(raws[planned.instance].origin);
        }),
      );
    }
    log(`${clients.length} boards open in ${((Date.now() - opening) / 1000).toFixed(1)} s (${new Set(audience.map((a) => a.scope)).size} scopes)`);

    const outboxPool = new Pool({ connectionString: databaseUrl, max: 1 });
    stops.push(() => outboxPool.end());
    const outboxSamples: Array<{ pending: number; oldestSeconds: number }> = [];
    /** Once a second, how far the worker's outbox relay is behind: changes reach a board only through it. */
    const sampleOutbox = async (durationMs: number) => {
      const until = performance.now() + durationMs;
      while (performance.now() < until) {
        const { rows } = await outboxPool.query<{ pending: number; oldest: number | null }>(
          `SELECT count(*)::int AS pending, EXTRACT(EPOCH FROM clock_timestamp() - min(created_at))::float AS oldest FROM outbox WHERE queued_at IS NULL`,
        );
        outboxSamples.push({ pending: rows[0].pending, oldestSeconds: rows[0].oldest ?? 0 });
        await sleep(1000);
      }
    };
    const bro = async (label: string, measured: boolean) => {
      traffic.clear();
      if (measured) cpuMeter.start();
      const [run] = await Promise.all([handovers(broWindowMs), runProbes(broWindowMs, measured), measured ? sampleOutbox(broWindowMs) : Promise.resolve()]);
      if (measured) cpuSamples.push({ phase: 'bro', cpu: cpuMeter.stop() });
      handoverRuns.push({ window: label, run });
      return new Map([...traffic.entries()].filter(([, seen]) => seen.last).map(([scope, seen]) => [scope, seen]));
    };
    const scopeTraffic = (seen: Map<BoardScope, ScopeFrames>, ms: number) =>
      new Map<BoardScope, ScopeTraffic>([...seen.entries()].map(([scope, s]) => [scope, { framesPerSecond: s.frames / (ms / 1000), frame: s.last! }]));

    log(`warm-up with the boards open: ${WARM_UP_MS / 1000} s of hand-overs at ${options.rate}/s and a probe a second`);
    clock.phase = 'warm-up';
    traffic.clear();
    await Promise.all([handovers(WARM_UP_MS), runProbes(WARM_UP_MS, false)]);
    let lastTraffic = scopeTraffic(traffic, WARM_UP_MS);
    // Every scope's latest frame, for the baseline at the publisher's most (a frame a second for every board).
    const latestFrame = new Map<BoardScope, BoardDelta>();
    const remember = (seen: Map<BoardScope, ScopeTraffic>) => seen.forEach(({ frame }, scope) => latestFrame.set(scope, frame));
    remember(lastTraffic);
    const broTraffic: Array<Map<BoardScope, ScopeFrames>> = [];
    let baselineEmitted = 0;
    for (let round = 1; round <= options.rounds; round++) {
      clock.phase = 'settle';
      await sleep(SETTLE_MS);
      log(`round ${round}: baseline, ${baselineWindowMs / 1000} s (Bro's last frames of ${lastTraffic.size} scopes at Bro's rates, no hand-overs)`);
      clock.phase = 'baseline';
      cpuMeter.start();
      baselineEmitted += await replay.replay(lastTraffic, baselineWindowMs);
      cpuSamples.push({ phase: 'baseline', cpu: cpuMeter.stop() });
      clock.phase = 'settle';
      await sleep(SETTLE_MS);
      log(`round ${round}: baseline at a frame a second for each of ${latestFrame.size} scopes (the publisher's most), ${baselineWindowMs / 1000} s`);
      clock.phase = 'baseline at 1/s';
      cpuMeter.start();
      baselineEmitted += await replay.replay(
        new Map([...latestFrame.entries()].map(([scope, frame]) => [scope, { framesPerSecond: 1, frame }])),
        baselineWindowMs,
      );
      cpuSamples.push({ phase: 'baseline at 1/s', cpu: cpuMeter.stop() });
      clock.phase = 'settle';
      await sleep(SETTLE_MS);
      log(`round ${round}: Bro, ${broWindowMs / 1000} s (hand-overs at ${options.rate}/s through API 1, a probe a second through API 2)`);
      clock.phase = 'bro';
      window = round;
      const seen = await bro(`round ${round}`, true);
      broTraffic.push(seen);
      lastTraffic = scopeTraffic(seen, broWindowMs);
      remember(lastTraffic);
    }

    // Quiet: every board must come to show what the Tasks say.
    clock.phase = 'settle';
    const lastProbe = probes.length;
    log('waiting for the boards to settle, then checking them against counts over fhir_task');
    const quietSince = Date.now();
    const expected = await openPerScopeOnTheFly(databaseUrl);
    const differing = () => clients.filter((c) => !sameCell(c.state?.panels.discharge?.now.open, expected.get(c.scope) ?? 0));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (differing().length > 0 || probeBoards.some((b) => !b.openReachedAt.has(lastProbe)))) await sleep(500);
    const settledMs = Date.now() - quietSince;
    const stillDiffering = differing();
    const finalRows = await compareRows(databaseUrl);

    report({
      options,
      directory,
      clients,
      probeBoards,
      probes,
      probeErrors,
      subscribeMs,
      cpuSamples,
      handoverRuns,
      outboxSamples,
      broTraffic,
      baselineEmitted,
      broSeconds: options.seconds,
      baselineSeconds: (baselineWindowMs * options.rounds) / 1000,
      atRest,
      withoutJit,
      explained,
      explainedHospital,
      cycle,
      load,
      loadedRows,
      finalRows,
      expected,
      stillDiffering,
      settledMs,
    });
  } finally {
    clients.forEach((client) => client.close());
    for (const stop of stops) await stop().catch((error: unknown) => log(`stopping: ${String(error)}`));
  }
}

function sameCell(shown: CountCell | undefined, expected: CountCell): boolean {
  return shown === expected;
}

/** The GP office only the benchmark hands over to: made once per database, through the API like any office. */
async function probeOfficeFor(databaseUrl: string, api: ApiProcess, headers: Record<string, string>): Promise<string> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ id: string }>(`SELECT id FROM fhir_organization WHERE resource->>'name' = $1 ORDER BY last_updated LIMIT 1`, [PROBE_OFFICE_NAME]);
    if (rows.length) return `Organization/${rows[0].id}`;
  } finally {
    await pool.end();
  }
  const body = await expectOk(
    send(`${api.fhirBaseUrl}/Organization`, 'POST', headers, JSON.stringify({
      resourceType: 'Organization',
      name: PROBE_OFFICE_NAME,
      type: [{ coding: [{ system: 'urn:bro:organization-type', code: 'gp-office' }] }],
    })),
  );
  return `Organization/${(JSON.parse(body) as { id: string }).id}`;
}

async function taskLoadSize(databaseUrl: string): Promise<{ tasks: number; open: number }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ tasks: number; open: number }>(
      `SELECT count(*)::int AS tasks, (count(*) FILTER (WHERE status = ANY($1::text[])))::int AS open FROM task_load`,
      [OPEN_TASK_STATUSES],
    );
    return rows[0];
  } finally {
    await pool.end();
  }
}

async function openTasksOf(databaseUrl: string, office: string): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM task_load WHERE gp_office = $1 AND status = ANY($2::text[])`, [office, OPEN_TASK_STATUSES]);
    return rows[0].n;
  } finally {
    await pool.end();
  }
}

async function busiestOfficeOf(databaseUrl: string): Promise<{ reference: string; name: string }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ office: string; name: string | null }>(
      `SELECT l.gp_office AS office, o.resource->>'name' AS name FROM task_load l LEFT JOIN fhir_organization o ON l.gp_office = 'Organization/' || o.id
        WHERE l.gp_office IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
    );
    return { reference: rows[0].office, name: rows[0].name ?? rows[0].office };
  } finally {
    await pool.end();
  }
}

interface BoardReport {
  options: BoardBenchOptions;
  directory: BoardDirectory;
  clients: BoardClient[];
  probeBoards: BoardClient[];
  probes: Probe[];
  probeErrors: number;
  subscribeMs: Array<{ kind: string; ms: number }>;
  cpuSamples: CpuSample[];
  handoverRuns: Array<{ window: string; run: RunResult }>;
  outboxSamples: Array<{ pending: number; oldestSeconds: number }>;
  broTraffic: Array<Map<BoardScope, ScopeFrames>>;
  baselineEmitted: number;
  broSeconds: number;
  baselineSeconds: number;
  atRest: ScopeTiming[];
  withoutJit: ScopeTiming[];
  explained: ExplainedQuery[];
  explainedHospital?: { label: string; queries: ExplainedQuery[] };
  cycle: CycleTiming;
  load: { tasks: number; open: number };
  loadedRows: Awaited<ReturnType<typeof compareRows>>;
  finalRows: Awaited<ReturnType<typeof compareRows>>;
  expected: Map<BoardScope, CountCell>;
  stillDiffering: BoardClient[];
  settledMs: number;
}

const latencyCells = (s: LatencySummary) => [String(s.count), s.p50, s.p95, s.p99, s.max];

function report(r: BoardReport): void {
  const { options } = r;
  // Probe latency: for each measured probe and each probe board, the first frame showing the office's count with it.
  const probeSamples: Array<{ ms: number; instance: number; window: number }> = [];
  let lost = 0;
  for (const probe of r.probes.filter((p) => p.measured)) {
    for (const board of r.probeBoards) {
      const arrived = board.openReachedAt.get(probe.count);
      if (arrived === undefined) lost++;
      // A frame can reach a board before the benchmark has handled the API's answer: that is no delay at all.
      else probeSamples.push({ ms: Math.max(0, arrived - probe.answeredAt), instance: board.instance, window: probe.window });
    }
  }
  const probeLatency = summarise(probeSamples.map((s) => s.ms), lost, r.broSeconds);
  const raw = summarise(r.clients.flatMap((c) => c.rawLatency.baseline), 0, r.baselineSeconds);
  const rawMax = summarise(r.clients.flatMap((c) => c.rawLatency['baseline at 1/s']), 0, r.baselineSeconds);
  const sinceGenerated = summarise(r.clients.flatMap((c) => c.sinceGenerated), 0, r.broSeconds);
  const gaps = r.clients.reduce((n, c) => n + c.gaps, 0);
  const stale = r.clients.reduce((n, c) => n + c.stale, 0);
  const disconnects = r.clients.reduce((n, c) => n + c.disconnects, 0);
  const perClient = (count: (c: BoardClient) => number, seconds: number, of = r.clients) => {
    const rates = of.map((c) => count(c) / seconds);
    return { mean: rates.reduce((a, b) => a + b, 0) / Math.max(1, rates.length), max: Math.max(...rates) };
  };
  const broFrames = perClient((c) => c.frames.bro, r.broSeconds);
  const rawFrames = perClient((c) => c.rawFrames.baseline, r.baselineSeconds);
  const rawMaxFrames = perClient((c) => c.rawFrames['baseline at 1/s'], r.baselineSeconds);
  const bytes = (traffic: Array<Map<BoardScope, ScopeFrames>>, kind?: string) => {
    const all = traffic.flatMap((t) => [...t.entries()].filter(([scope]) => !kind || kindOf(scope) === kind).map(([, s]) => s));
    const frames = all.reduce((n, s) => n + s.frames, 0);
    return frames ? all.reduce((n, s) => n + s.bytes, 0) / frames : NaN;
  };

  printTable(
    `Board frames, ${options.clients} boards on 2 API instances, hand-overs at ${options.rate}/s; Bro ${r.broSeconds} s and each baseline ${r.baselineSeconds} s, ` +
      `interleaved in ${options.rounds} rounds (baseline, Bro, ...)`,
    ['path', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'frames/board/s mean', 'max', 'bytes/frame', 'gaps', 'lost'],
    [
      ["raw socket.io fan-out at Bro's frame rates: emit → board (baseline)", ...latencyCells(raw), rawFrames.mean, rawFrames.max, bytes(r.broTraffic), '0', '-'],
      ['raw socket.io fan-out, a frame a second for every board (baseline)', ...latencyCells(rawMax), rawMaxFrames.mean, rawMaxFrames.max, bytes(r.broTraffic), '0', '-'],
      ['Bro: probe hand-over answered → board shows it', ...latencyCells(probeLatency), broFrames.mean, broFrames.max, bytes(r.broTraffic), String(gaps), String(lost)],
      ['Bro: snapshot started (generatedAt) → board, every frame', ...latencyCells(sinceGenerated), '', '', '', '', ''],
      ['Bro / baseline, p99', '', '', '', `${format(probeLatency.p99 / raw.p99)}×`, '', '', '', '', '', ''],
    ],
  );
  printTable(
    'Probe latency by the instance the board is on (probes go through API 2; API 1\'s boards get them through Redis) and by round',
    ['boards', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
    [
      ...[0, 1].map((instance) => [`API ${instance + 1}`, ...latencyCells(summarise(probeSamples.filter((s) => s.instance === instance).map((s) => s.ms), 0, 1))]),
      ...[...new Set(probeSamples.map((s) => s.window))].map((w) => [`round ${w}`, ...latencyCells(summarise(probeSamples.filter((s) => s.window === w).map((s) => s.ms), 0, 1))]),
    ],
  );

  const kinds = ['municipality', 'hospital', 'office'];
  printTable(
    'Frames per board per second (Bro windows) by what the board watches; "recomputed every" = time between the frames\' generatedAt of one scope',
    ['boards on', 'boards', 'scopes', 'frames/board/s mean', 'max', 'bytes/frame', 'recomputed every p50 ms', 'max ms'],
    kinds.map((kind) => {
      const of = r.clients.filter((c) => kindOf(c.scope) === kind && !r.probeBoards.includes(c));
      const rates = perClient((c) => c.frames.bro, r.broSeconds, of);
      const intervals = r.broTraffic.flatMap((t) =>
        [...t.entries()].filter(([scope]) => kindOf(scope) === kind).flatMap(([, s]) => s.generatedAt.slice(1).map((at, i) => at - s.generatedAt[i])),
      );
      const interval = summarise(intervals, 0, 1);
      return [kind, String(of.length), String(new Set(of.map((c) => c.scope)).size), rates.mean, rates.max, bytes(r.broTraffic, kind), interval.p50, interval.max];
    }),
  );

  const phases: Array<CpuSample['phase']> = ['hand-overs only', 'baseline', 'baseline at 1/s', 'bro'];
  const meanCpu = (phase: CpuSample['phase']) => {
    const samples = r.cpuSamples.filter((s) => s.phase === phase);
    const groups = Object.keys(samples[0]?.cpu ?? {});
    return Object.fromEntries(groups.map((g) => [g, samples.reduce((n, s) => n + s.cpu[g], 0) / samples.length])) as Record<string, number>;
  };
  const cpu = Object.fromEntries(phases.map((p) => [p, meanCpu(p)])) as Record<CpuSample['phase'], Record<string, number>>;
  const groups = Object.keys(cpu.bro);
  printTable(
    'CPU per process, % of one core (2 cores = 200%), mean over the windows. Redis and the machine are shared with other engineers\' test runs.',
    ['process', `hand-overs only (${HANDOVERS_ONLY_MS / 1000} s, no boards)`, "baseline at Bro's rates (no hand-overs; Bro's 10-s refresh of every watched board still runs)", 'baseline at 1 frame/s/board (same)', 'Bro windows'],
    groups.map((g) => [g, cpu['hand-overs only'][g] ?? NaN, cpu.baseline[g], cpu['baseline at 1/s'][g], cpu.bro[g]]),
  );
  // API 1 also takes every hand-over: take off what the hand-overs it answered cost it when no board was open.
  const rateOf = (runs: RunResult[]) => runs.reduce((n, run) => n + run.samples.length, 0) / runs.reduce((n, run) => n + run.seconds, 0);
  const handoversOnlyRate = rateOf(r.handoverRuns.filter((h) => h.window === 'no boards open').map((h) => h.run));
  const broRate = rateOf(r.handoverRuns.filter((h) => h.window.startsWith('round')).map((h) => h.run));
  const api1PerHandover = cpu['hand-overs only']['API 1'] / handoversOnlyRate;
  const api1FanOut = cpu.bro['API 1'] - api1PerHandover * broRate;
  const probeRate = r.probes.filter((p) => p.measured).length / r.broSeconds;
  const api2FanOut = cpu.bro['API 2'] - api1PerHandover * probeRate;
  const rawPerServer = (cpu.baseline['raw server 1'] + cpu.baseline['raw server 2']) / 2;
  const rawMaxPerServer = (cpu['baseline at 1/s']['raw server 1'] + cpu['baseline at 1/s']['raw server 2']) / 2;
  printTable(
    'Fan-out CPU per API instance (% of one core)',
    ['instance', 'fan-out CPU %', 'how', "raw server at Bro's rates", 'Bro / baseline', 'raw server at 1 frame/s/board'],
    [
      [
        'API 1',
        api1FanOut,
        `Bro windows − ${format(broRate)} hand-overs/s × ${format((api1PerHandover / 100) * 1000)} ms CPU each (measured with no board open)`,
        rawPerServer, `${format(api1FanOut / rawPerServer)}×`,
        rawMaxPerServer,
      ],
      ['API 2', api2FanOut, `Bro windows − ${format(probeRate)} probe hand-overs/s at the same cost`, rawPerServer, `${format(api2FanOut / rawPerServer)}×`, rawMaxPerServer],
    ],
  );

  printTable(
    'Hand-overs (open loop, the simulator\'s planner: Haukeland units, listed patients, 1–4 tasks, a fifth as FHIR messages)',
    ['window', 'n', 'errors', 'per s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
    r.handoverRuns.map(({ window, run }) => {
      const s = summarise(run.samples, run.errors, run.seconds);
      return [window, String(s.count), String(s.errors), s.perSecond, s.p50, s.p95, s.p99, s.max];
    }),
  );
  const pending = summarise(r.outboxSamples.map((o) => o.pending), 0, 1);
  const behind = summarise(r.outboxSamples.map((o) => o.oldestSeconds * 1000), 0, 1);
  printTable('Outbox not yet relayed by the worker, sampled once a second in the Bro windows (a change reaches the boards only after its relay)', ['measure', 'n', 'p50', 'p95', 'p99', 'max'], [
    ['rows pending', ...latencyCells(pending)],
    ['oldest pending, ms', ...latencyCells(behind)],
  ]);
  const byKind = new Map<string, number[]>();
  for (const s of r.subscribeMs) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s.ms]);
  printTable('Subscribe → snapshot (the acknowledgement) while opening the boards, 25 at a time', ['boards on', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], [
    ...[...byKind.entries()].map(([kind, ms]) => [kind, ...latencyCells(summarise(ms, 0, 1))]),
  ]);

  const rest = (t: ScopeTiming) => [t.label, t.full.p50, t.full.p99, t.full.max, t.frame.p50, t.frame.p99, t.frame.max];
  printTable(
    `Board snapshot in PostgreSQL at ${r.load.tasks.toLocaleString('en')} Tasks (${r.load.open.toLocaleString('en')} open), at rest (BoardSnapshotService in the benchmark, ${SNAPSHOT_RUNS} runs each, one at a time). ` +
      'Full = everything computed (a new scope; the twelve-week figures once a minute); frame = the twelve-week figures cached, as most frames are',
    ['scope', 'full p50 ms', 'p99 ms', 'max ms', 'frame p50 ms', 'p99 ms', 'max ms'],
    [...r.atRest.map(rest), ...r.withoutJit.map((t) => rest({ ...t, label: `${t.label}, jit = off` }))],
  );
  printTable(
    `One publisher cycle at rest: the snapshots of all ${r.cycle.scopes} scopes (municipality, hospitals, GP offices) one after another, as the publisher computes the changed ones`,
    ['pass', 'seconds'],
    [
      ['every figure computed (each scope\'s twelve-week figures are due once a minute)', r.cycle.fullMs / 1000],
      ['twelve-week figures cached (most cycles)', r.cycle.frameMs / 1000],
    ],
  );
  const municipality = r.atRest[0];
  printTable(`Where a full municipality snapshot's time goes (per figure, its queries added up; queries run in parallel on up to 10 connections)`, ['figure', 'queries', 'p50 ms', 'max ms'], municipality.figures.map((f) => [f.figure, String(f.queries), f.p50, f.max]));
  printTable(
    'EXPLAIN ANALYZE of each query of a full municipality snapshot, one at a time (slowest first)',
    ['figure', 'execution ms', 'of which JIT ms', 'planning ms'],
    r.explained.map((e) => [e.figure, e.executionMs, e.jitMs, e.planningMs]),
  );
  const printPlans = (scope: string, queries: ExplainedQuery[], count: number) => {
    for (const e of queries.slice(0, count)) {
      console.log(`\n${scope}, ${e.figure}: ${e.executionMs.toFixed(1)} ms\n  ${e.sql.slice(0, 600)}`);
      for (const line of e.plan.slice(0, 40)) console.log(`    ${line}`);
    }
  };
  printPlans('municipality', r.explained, 3);
  if (r.explainedHospital) {
    printTable(
      `EXPLAIN ANALYZE of each query of a full snapshot of ${r.explainedHospital.label}, one at a time (slowest first)`,
      ['figure', 'execution ms', 'of which JIT ms', 'planning ms'],
      r.explainedHospital.queries.map((e) => [e.figure, e.executionMs, e.jitMs, e.planningMs]),
    );
    printPlans(r.explainedHospital.label, r.explainedHospital.queries, 2);
  }

  const boardsChecked = r.clients.length;
  printTable('Rollup against the on-the-fly answer', ['check', 'compared', 'differing', 'verdict'], [
    [
      'task_load rows = fhir_task (status, patient, office, hospital), after loading',
      String(r.loadedRows.tasks),
      String(r.loadedRows.missing + r.loadedRows.extra + r.loadedRows.differing),
      verdict(r.loadedRows.missing + r.loadedRows.extra + r.loadedRows.differing === 0, 'see the counts'),
    ],
    [
      'task_load rows = fhir_task, after the run',
      String(r.finalRows.tasks),
      String(r.finalRows.missing + r.finalRows.extra + r.finalRows.differing),
      verdict(r.finalRows.missing + r.finalRows.extra + r.finalRows.differing === 0, `${r.finalRows.missing} missing, ${r.finalRows.extra} extra, ${r.finalRows.differing} differing`),
    ],
    [
      `every board's "open" = open Tasks of its scope counted over fhir_task (settled ${(r.settledMs / 1000).toFixed(1)} s after the last hand-over)`,
      String(boardsChecked),
      String(r.stillDiffering.length),
      verdict(
        r.stillDiffering.length === 0,
        r.stillDiffering
          .slice(0, 3)
          .map((c) => `${c.scope} shows ${String(c.state?.panels.discharge?.now.open)}, fhir_task says ${String(r.expected.get(c.scope) ?? 0)}`)
          .join('; '),
      ),
    ],
  ]);

  const lostAll = lost + gaps + disconnects + r.probeErrors;
  printTable('Targets', ['target', 'measured', 'verdict'], [
    [`change → board p99 < ${P99_TARGET_MS} ms`, `${format(probeLatency.p99)} ms (n ${probeLatency.count})`, verdict(probeLatency.p99 < P99_TARGET_MS, `${format(probeLatency.p99 - P99_TARGET_MS)} ms over`)],
    [
      `fan-out CPU < ${FANOUT_CPU_TARGET}% of one core per API instance`,
      `API 2 (boards only) ${format(api2FanOut)}%; API 1 (boards and every hand-over) net ${format(api1FanOut)}%; raw socket.io at a frame/s per board ${format(rawMaxPerServer)}%`,
      verdict(Math.max(api1FanOut, api2FanOut) < FANOUT_CPU_TARGET, `${format(Math.max(api1FanOut, api2FanOut) - FANOUT_CPU_TARGET)} points over`),
    ],
    [
      'nothing lost: every probe on every probe board, no version gap, no dropped socket',
      `${lost} probe arrivals missing of ${r.probes.filter((p) => p.measured).length * r.probeBoards.length}, ${gaps} gaps, ${disconnects} disconnects, ${r.probeErrors} probe errors (${stale} frames already in a snapshot)`,
      verdict(lostAll === 0, 'see the counts'),
    ],
  ]);
}
