/**
 * `npm run bench -- referrals`: 100,000 referrals loaded (a year of GP referrals to four hospital units,
 * a fifth rejected and routed to two low-threshold services, thousands of cases open). The hospital
 * unit's coordinator rejects fresh referrals through the API (`POST /api/referrals/:id/answer`, answer 4
 * with a coded reason) at a constant rate (open loop, 20/s for 60 s by default, in rounds interleaved with
 * the baseline); after each answer the low-threshold service's staff read their open queue
 * (`GET /api/lowthreshold/cases?state=open`) until the new case is on the page that holds it. Measured:
 * rejection → visible in the queue (from when the rejection was due to the end of the queue read that
 * shows it; target p99 < 1 s); the queue's first page, read at its own constant rate under the same load
 * (target p99 < 30 ms); and afterwards in SQL: no rejection lost (each has exactly one triage Task and its
 * `referral_case` row routed) and none routed twice (triage Tasks per referral by `based-on`). The
 * baseline, in the same run: the routing's bare database work as raw SQL (one triage Task row inserted and
 * the `referral_case` row updated, in one transaction), at the same rate.
 *
 * Where the new case is: the queue is earliest deadline first, then urgent, then first routed. A rejection
 * now gets the triage deadline today + 5 working days, the latest any case can have (every loaded case was
 * routed before, by rules of at most 5 working days), and the benchmark's referrals are routine: so each
 * new case sorts after every case already in the queue, behind the thousands loaded. The reader therefore
 * reads the page that holds it, as someone paging to it would: the last page by the queue's total as last
 * seen (pages of 100), and, should the case sort before or after that page (others routed meanwhile), the
 * page before or after by the queue's own order (deadline, urgent, routed at). Every read counts.
 */
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import {
  ROUTED_BY_RULE_EXTENSION,
  RejectionReason,
  Resource,
  TASK_KIND_SYSTEM,
  TaskKind,
  TRIAGE_INITIAL_STATUS,
  withTaskKind,
} from '@app/fhir';
import type { ReferralSummary, TriageCasePage, TriageCaseSummary } from '@app/fhir/api/referral-answers';
import { AccessPolicy } from '../../apps/api/src/access/access-policy';
import { osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { addWorkingDays } from '../../apps/api/src/common/calendar/working-days';
import { SqlClient } from '../../apps/api/src/database/sql-client';
import { rowWriteParams } from '../../apps/api/src/fhir/store/resource-row.sql';
import { searchParameterRegistry, tableNameOf } from '../../apps/api/src/fhir/search/search-parameter.registry';
import { searchColumnsDdl } from '../../apps/api/src/fhir/store/fhir-schema.ddl';
import { TriageQueueQuery } from '../../apps/api/src/referrals/triage/triage-queue.query';
import { fetchDemoToken } from '../identity-provider/demo-token';
import { seedDirectory } from '../seed/seed';
import { BenchEnvironment, clearRedisPrefix, log, prepareDatabase, startBenchEnvironment } from './bench-environment';
import { CPU_HEADER, LATENCY_HEADER, cpuColumns, latencyRow, verdict } from './bench-report';
import { BENCH_REFERRALS, RUN_PREFIX, ReferralWorld, ensureReferralWorld, loadUnansweredReferrals } from './referral-bulk-loader';
import { ensureSeededDirectory } from './seeded-directory';
import { send } from './http-client';
import { merge, summarise } from './latency-stats';
import { RunResult, openLoop } from './load-generator';
import { BenchCpu, CpuMeter, benchCpuMeter } from './process-cpu';
import { format, printTable } from './table';

export interface ReferralsBenchOptions {
  /** Rejections per second (open loop). */
  rate: number;
  /** Seconds per round of each contender; two rounds of 30 s give Bro 60 s of rejections. */
  seconds: number;
  rounds: number;
  /** First-page queue reads per second, beside the rejections. */
  pageRate: number;
  fresh: boolean;
}

const DATABASE = 'bro_bench_referrals';
const API_PORT = 3970;
const IDP_PORT = 4970;
const REDIS_PREFIX = 'bro_bench_referrals';
const VISIBLE_P99_TARGET_MS = 1_000;
const PAGE_P99_TARGET_MS = 30;
/** The page size of the reader seeking the new case (the API's largest); the first-page reader reads the web app's 20. */
const SEEK_PAGE_SIZE = 100;
const FIRST_PAGE_SIZE = 20;
/** A committed rejection not on its page after this long counts as lost from the queue. */
const VISIBLE_GIVE_UP_MS = 10_000;
const REASONS: RejectionReason[] = [RejectionReason.PrimaryCare, RejectionReason.NotPrioritised, RejectionReason.PrimaryCare, RejectionReason.InsufficientInformation, RejectionReason.Other];
/** Rejections of the warm-up (5 s at the default 20 a second). */
const WARM_UP = 100;

const json = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' });

/** The queue's order as a comparable key: deadline, urgent first, routed first (the API's ORDER BY, to the millisecond). */
function queueKey(item: { deadline: string; urgent: boolean; routedAt: string }): string {
  return `${item.deadline}|${item.urgent ? 0 : 1}|${new Date(item.routedAt).toISOString()}`;
}

interface Reads {
  firstPage: number[];
  seek: number[];
  /** Reads per rejection until the case showed. */
  readsPerCase: number[];
  notVisible: number;
}

/** Rejections through the API, each followed by the queue read that shows its case. */
function broContender(env: BenchEnvironment, ids: string[], tokens: { coordinator: string; lowthreshold: string }, world: ReferralWorld, reads: Reads) {
  let lastTotal = world.openInGeneralQueue;
  const answers: number[] = [];
  const rejected: string[] = [];
  const queuePage = async (page: number, pageSize: number): Promise<TriageCasePage> => {
    const began = performance.now();
    const answer = await send(`${env.apiOrigin}/api/lowthreshold/cases?state=open&page=${page}&pageSize=${pageSize}`, 'GET', json(tokens.lowthreshold));
    const took = performance.now() - began;
    if (answer.status !== 200) throw new Error(`the queue answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    if (pageSize === SEEK_PAGE_SIZE) reads.seek.push(took);
    else reads.firstPage.push(took);
    return JSON.parse(answer.body) as TriageCasePage;
  };
  const reject = async (i: number) => {
    const id = ids[i];
    if (!id) throw new Error('no unanswered referral left for this rejection');
    const reason = REASONS[i % REASONS.length];
    const began = performance.now();
    const answered = await send(
      `${env.apiOrigin}/api/referrals/${id}/answer`,
      'POST',
      json(tokens.coordinator),
      JSON.stringify({ version: 1, answer: '4', reason, ...(reason === RejectionReason.Other ? { reasonText: 'Gjelder forhold avdelingen ikke vurderer' } : {}) }),
    );
    answers.push(performance.now() - began);
    if (answered.status !== 200) throw new Error(`the answer answered ${answered.status}: ${answered.body.slice(0, 300)}`);
    rejected.push(id);
    const triage = (JSON.parse(answered.body) as ReferralSummary).triage;
    if (!triage) throw new Error(`Task/${id} was rejected but not routed`);
    const mine = queueKey({ deadline: triage.deadline, urgent: false, routedAt: triage.routedAt });
    let page = Math.max(1, Math.ceil(lastTotal / SEEK_PAGE_SIZE));
    const giveUp = performance.now() + VISIBLE_GIVE_UP_MS;
    for (let read = 1; ; read++) {
      const shown = await queuePage(page, SEEK_PAGE_SIZE);
      lastTotal = Math.max(lastTotal, shown.total);
      if (shown.cases.some((item: TriageCaseSummary) => item.id === triage.taskId)) {
        reads.readsPerCase.push(read);
        return;
      }
      if (performance.now() > giveUp) {
        reads.notVisible++;
        throw new Error(`Task/${triage.taskId} was not in the queue after ${read} reads`);
      }
      const first = shown.cases[0];
      const last = shown.cases[shown.cases.length - 1];
      if (first && queueKey(first) > mine && page > 1) page--;
      else if (last && queueKey(last) <= mine && shown.cases.length === SEEK_PAGE_SIZE) page++;
      else if (!last) page = Math.max(1, Math.ceil(shown.total / SEEK_PAGE_SIZE));
    }
  };
  return { reject, queuePage, answers, rejected };
}

/** The routing's bare database work: the triage Task row (with its search columns) and the `referral_case` update, in one transaction. */
function rawContender(pool: Pool, ids: string[], world: ReferralWorld, baseUrl: string) {
  const table = tableNameOf('Task');
  const columns = searchParameterRegistry.columnsOf('Task').flatMap((column) => searchColumnsDdl(table, column));
  const insert = `INSERT INTO "${table}" (id, version_id, last_updated, resource${columns.map((c) => `, "${c.column}"`).join('')})
    VALUES ($1, $2, $3::timestamptz, $4::jsonb${columns.map((c, i) => `, $${i + 5}::${c.sqlType}`).join('')})`;
  const routed: string[] = [];
  const route = async (i: number) => {
    const id = ids[i];
    if (!id) throw new Error('no referral left for the baseline');
    const now = new Date();
    const deadline = addWorkingDays(osloDate(now), 5);
    const triageId = `bench-rawtriage-${id}`;
    const task: Resource = withTaskKind(
      {
        resourceType: 'Task',
        id: triageId,
        meta: { versionId: '1', lastUpdated: now.toISOString() },
        status: TRIAGE_INITIAL_STATUS,
        intent: 'order',
        priority: 'routine',
        description: 'Avslått henvisning til vurdering i lavterskeltilbudet',
        for: { reference: 'Patient/bench-rpatient-0' },
        focus: { reference: `ServiceRequest/${id}` },
        basedOn: [{ reference: `ServiceRequest/${id}` }, { reference: `Task/${id}` }],
        requester: { reference: world.gps[0] },
        owner: { reference: world.mentalHealthService },
        authoredOn: now.toISOString(),
        restriction: { period: { end: deadline } },
        extension: [{ url: ROUTED_BY_RULE_EXTENSION, valueString: 'baseline' }],
      },
      TaskKind.LowThresholdTriage,
    );
    const [rowId, version, lastUpdated, body, , ...search] = rowWriteParams(task, 1, now.toISOString(), baseUrl);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(insert, [rowId, version, lastUpdated, body, ...search]);
      const { rowCount } = await client.query(
        `UPDATE referral_case SET status = 'rejected', answer = '4', rejection_reason = $6, answered_at = now(), triage_task_id = $2, service = $3, routing_rule = $4,
                routed_at = now(), triage_deadline = $5, triage_status = 'requested', updated_at = now()
          WHERE referral_task_id = $1 AND triage_task_id IS NULL`,
        [id, triageId, world.mentalHealthService, 'baseline', deadline, REASONS[i % REASONS.length]],
      );
      if (rowCount !== 1) throw new Error(`referral_case of ${id} was not there to route`);
      await client.query('COMMIT');
      routed.push(id);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  return { route, routed };
}

/** Rejections lost (not exactly one triage Task, or the case row not routed to it) among `ids`, and referrals routed twice in the whole database. */
async function correctness(databaseUrl: string, ids: string[]): Promise<{ lost: number; twice: number; triageTasks: number }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const kind = `sv:${TASK_KIND_SYSTEM}|${TaskKind.LowThresholdTriage}`;
    const { rows: lost } = await pool.query<{ lost: number }>(
      `WITH ids AS (SELECT unnest($1::text[]) AS id)
       SELECT count(*) FILTER (WHERE t.n <> 1 OR c.triage_task_id IS DISTINCT FROM t.one OR c.status <> 'rejected' OR c.triage_status IS NULL)::int AS lost
         FROM ids LEFT JOIN referral_case c ON c.referral_task_id = ids.id
         CROSS JOIN LATERAL (SELECT count(*) AS n, min(f.id) AS one FROM fhir_task f WHERE f.sp_based_on @> ARRAY['Task/' || ids.id] AND f.sp_code && ARRAY[$2]) t`,
      [ids, kind],
    );
    const { rows: twice } = await pool.query<{ twice: number; triage: number }>(
      `SELECT count(*) FILTER (WHERE n > 1)::int AS twice, coalesce(sum(n), 0)::int AS triage FROM (
         SELECT b, count(*) AS n FROM fhir_task f CROSS JOIN LATERAL unnest(f.sp_based_on) b
          WHERE f.sp_code && ARRAY[$1] AND b LIKE 'Task/%' GROUP BY b) per_referral`,
      [kind],
    );
    return { lost: lost[0].lost, twice: twice[0].twice, triageTasks: twice[0].triage };
  } finally {
    await pool.end();
  }
}

/**
 * The queue statement the API runs for the demo user `lowthreshold`, captured from TriageQueueQuery itself
 * (so it cannot drift from the code), and PostgreSQL's plan and timing for it.
 */
export async function explainQueue(databaseUrl: string, service: string, page: number, pageSize: number): Promise<{ ms: number; planningMs: number; plan: string[] }> {
  const captured: Array<{ sql: string; params?: unknown[] }> = [];
  const capture: SqlClient = {
    async query<Row>(sql: string, params?: unknown[]) {
      captured.push({ sql, params });
      return { rows: [] as Row[], rowCount: 0 };
    },
  };
  const caller = {
    role: 'lowthreshold',
    principal: { subject: 'lowthreshold', role: 'lowthreshold', scopes: [], tokenExpiresAt: 0 },
    scope: { actsFor: new Set([service]), practitionerRoles: [], organizations: [] },
  } as unknown as AccessPolicy;
  await new TriageQueueQuery(capture as never).list(caller, { state: 'open', page: String(page), pageSize: String(pageSize) });
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${captured[0].sql}`, captured[0].params);
    const plan = rows.map((row) => row['QUERY PLAN']);
    const ms = Number(/Execution Time: ([\d.]+)/.exec(plan[plan.length - 1] ?? '')?.[1] ?? NaN);
    const planningMs = Number(/Planning Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? NaN);
    return { ms, planningMs, plan };
  } finally {
    await pool.end();
  }
}

/**
 * Earlier runs' cases still open in the queue read, closed as the service would close them (claim, then the
 * outcome "no need", through the API as the demo user `lowthreshold`), so every run starts with the loaded
 * queue's depth instead of one that grows by a run's rejections each time.
 */
async function closeEarlierRunCases(env: BenchEnvironment, databaseUrl: string, world: ReferralWorld, token: string): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  let open: Array<{ id: string; version: number }>;
  try {
    ({ rows: open } = await pool.query<{ id: string; version: number }>(
      `SELECT c.triage_task_id AS id, t.version_id AS version FROM referral_case c JOIN fhir_task t ON t.id = c.triage_task_id
        WHERE c.referral_task_id LIKE $1 AND c.service = $2 AND c.triage_status = 'requested'`,
      [`${RUN_PREFIX}%`, world.generalService],
    ));
  } finally {
    await pool.end();
  }
  const close = async ({ id, version }: { id: string; version: number }) => {
    const claimed = await send(`${env.apiOrigin}/api/lowthreshold/cases/${id}/claim`, 'POST', json(token), JSON.stringify({ version }));
    if (claimed.status !== 200) throw new Error(`claiming ${id} answered ${claimed.status}: ${claimed.body.slice(0, 200)}`);
    const next = (JSON.parse(claimed.body) as TriageCaseSummary).version;
    const closed = await send(`${env.apiOrigin}/api/lowthreshold/cases/${id}/outcome`, 'POST', json(token), JSON.stringify({ version: next, outcome: 'INGEN-BEHOV' }));
    if (closed.status !== 200) throw new Error(`closing ${id} answered ${closed.status}: ${closed.body.slice(0, 200)}`);
  };
  const queue = [...open];
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) await close(item);
  }));
  return open.length;
}

interface RoundResults {
  runs: RunResult[];
  cpu: Array<Record<string, number>>;
}

function meanCpu(samples: Array<Record<string, number>>): BenchCpu {
  const groups = Object.keys(samples[0] ?? {});
  return Object.fromEntries(groups.map((group) => [group, samples.reduce((n, sample) => n + sample[group], 0) / samples.length])) as unknown as BenchCpu;
}

export async function runReferralsBench(options: ReferralsBenchOptions): Promise<boolean> {
  const databaseUrl = await prepareDatabase(DATABASE, options.fresh);
  await clearRedisPrefix(REDIS_PREFIX);
  await ensureSeededDirectory(databaseUrl, API_PORT, IDP_PORT);
  const env = await startBenchEnvironment(databaseUrl, API_PORT, IDP_PORT, REDIS_PREFIX);
  try {
    const seeded = await seedDirectory({ fhirBaseUrl: env.fhirBaseUrl, token: env.token, onProgress: () => undefined });
    const benchUnit = seeded.references.demoOrganizations.haukelandMedisinsk;
    if (!benchUnit) throw new Error('the seeded directory lacks the coordinator’s unit');
    const world = await ensureReferralWorld(databaseUrl, env.fhirBaseUrl, benchUnit);
    const perContender = Math.ceil(options.rate * options.seconds) * options.rounds;
    const run = `${RUN_PREFIX}${Date.now().toString(36)}-`;
    const broIds = await loadUnansweredReferrals(databaseUrl, env.fhirBaseUrl, world, `${run}b`, perContender + WARM_UP);
    const rawIds = await loadUnansweredReferrals(databaseUrl, env.fhirBaseUrl, world, `${run}r`, perContender + WARM_UP);
    log(`${BENCH_REFERRALS.toLocaleString('en')} referrals loaded; ${world.openInGeneralQueue.toLocaleString('en')} cases open in the general service's queue; this run rejects ${perContender + WARM_UP} fresh referrals of ${benchUnit} through the API and routes as many by raw SQL`);

    const tokens = { coordinator: await fetchDemoToken(env.issuer, 'coordinator'), lowthreshold: await fetchDemoToken(env.issuer, 'lowthreshold') };
    const closedEarlier = await closeEarlierRunCases(env, databaseUrl, world, tokens.lowthreshold);
    if (closedEarlier) {
      log(`closed ${closedEarlier} cases earlier runs left open in the queue (claim + outcome through the API)`);
      const settle = new Pool({ connectionString: databaseUrl, max: 1 });
      const { rows } = await settle.query<{ n: string }>(`SELECT count(*) AS n FROM referral_case WHERE service = $1 AND triage_status IN ('requested', 'in-progress') AND NOT objected`, [world.generalService]);
      await settle.query('VACUUM (ANALYZE) referral_case');
      await settle.end();
      world.openInGeneralQueue = Number(rows[0].n);
    }
    const reads: Reads = { firstPage: [], seek: [], readsPerCase: [], notVisible: 0 };
    const bro = broContender(env, broIds.slice(WARM_UP), tokens, world, reads);
    const warm = broContender(env, broIds.slice(0, WARM_UP), tokens, world, { firstPage: [], seek: [], readsPerCase: [], notVisible: 0 });
    const pool = new Pool({ connectionString: databaseUrl, max: 50 });
    const raw = rawContender(pool, rawIds.slice(WARM_UP), world, env.fhirBaseUrl);
    const rawWarm = rawContender(pool, rawIds.slice(0, WARM_UP), world, env.fhirBaseUrl);
    // Warm-up at the measured rates, so the API's pool holds the connections the load needs, each with its
    // statements planned, as a running service's would; then the raw contender's connections likewise.
    const warmMs = (WARM_UP / options.rate) * 1000;
    await Promise.all([
      openLoop((i) => warm.reject(i), options.rate, warmMs),
      openLoop(async () => void (await warm.queuePage(1, FIRST_PAGE_SIZE)), options.pageRate, warmMs),
    ]);
    await openLoop((i) => rawWarm.route(i), options.rate, warmMs);

    // The first page alone, before any rejection: what the read costs without the write load beside it.
    const idleReads: number[] = [];
    const idleRun = await openLoop(
      async () => {
        const began = performance.now();
        await bro.queuePage(1, FIRST_PAGE_SIZE);
        idleReads.push(performance.now() - began);
      },
      options.pageRate,
      10_000,
    );
    reads.firstPage.length = 0;
    const idle = summarise(idleReads, idleRun.errors, idleRun.seconds);

    const cpu: CpuMeter = benchCpuMeter(env.apiPid, databaseUrl);
    const results: Record<'raw' | 'bro', RoundResults> = { raw: { runs: [], cpu: [] }, bro: { runs: [], cpu: [] } };
    const pageRuns: RunResult[] = [];
    let broOffset = 0;
    let rawOffset = 0;
    const durationMs = options.seconds * 1000;
    log(`rejections: ${options.rate}/s, ${options.rounds} rounds of ${options.seconds} s per contender, interleaved (raw SQL, Bro, ...); first queue page read ${options.pageRate}/s beside Bro's (load average ${loadavg().map((n) => n.toFixed(2)).join(' ')})`);
    for (let round = 1; round <= options.rounds; round++) {
      cpu.start();
      const rawStart = rawOffset;
      const rawRun = await openLoop((i) => raw.route(rawStart + i), options.rate, durationMs);
      rawOffset += Math.floor((options.rate * durationMs) / 1000);
      results.raw.cpu.push(cpu.stop());
      results.raw.runs.push(rawRun);
      log(`round ${round}: raw SQL: ${rawRun.samples.length} in ${rawRun.seconds.toFixed(1)} s${rawRun.errors ? `, ${rawRun.errors} errors (first: ${rawRun.firstError})` : ''}`);

      cpu.start();
      const broStart = broOffset;
      const [broRun, pageRun] = await Promise.all([
        openLoop((i) => bro.reject(broStart + i), options.rate, durationMs),
        openLoop(async () => void (await bro.queuePage(1, FIRST_PAGE_SIZE)), options.pageRate, durationMs),
      ]);
      broOffset += Math.floor((options.rate * durationMs) / 1000);
      results.bro.cpu.push(cpu.stop());
      results.bro.runs.push(broRun);
      pageRuns.push(pageRun);
      log(`round ${round}: Bro: ${broRun.samples.length} in ${broRun.seconds.toFixed(1)} s${broRun.errors ? `, ${broRun.errors} errors (first: ${broRun.firstError})` : ''}`);
      if (pageRun.errors) log(`  first page read errors: ${pageRun.errors} (first: ${pageRun.firstError})`);
    }
    await pool.end();
    const loadAfter = loadavg();

    const attempted = broIds.slice(WARM_UP, WARM_UP + broOffset);
    const checked = await correctness(databaseUrl, [...broIds.slice(0, WARM_UP), ...attempted]);
    const answeredOk = bro.rejected.length;
    const visible = merge(results.bro.runs);
    const baseline = merge(results.raw.runs);
    const seconds = visible.seconds;
    const answers = summarise(bro.answers, visible.errors, seconds);
    const firstPage = summarise(reads.firstPage, pageRuns.reduce((n, r) => n + r.errors, 0), seconds);
    const seek = summarise(reads.seek, 0, seconds);
    const explained = await explainQueue(databaseUrl, world.generalService, 1, FIRST_PAGE_SIZE);
    const depthPool = new Pool({ connectionString: databaseUrl, max: 1 });
    const { rows: depth } = await depthPool.query<{ n: string }>(
      `SELECT count(*) AS n FROM referral_case WHERE service = $1 AND triage_status IN ('requested', 'in-progress')`,
      [world.generalService],
    );
    await depthPool.end();
    const tailPage = Math.max(1, Math.ceil(Number(depth[0].n) / SEEK_PAGE_SIZE));
    const explainedTail = await explainQueue(databaseUrl, world.generalService, tailPage, SEEK_PAGE_SIZE);
    const meanReads = reads.readsPerCase.reduce((n, r) => n + r, 0) / Math.max(1, reads.readsPerCase.length);

    const visibleOk = visible.p99 < VISIBLE_P99_TARGET_MS && visible.errors === 0;
    const pageOk = firstPage.p99 < PAGE_P99_TARGET_MS && firstPage.errors === 0;
    const correct = checked.lost === 0 && checked.twice === 0 && answeredOk === attempted.length;
    const cpuBro = meanCpu(results.bro.cpu);
    const cpuRaw = meanCpu(results.raw.cpu);
    printTable(
      `Referrals, ${new Date().toISOString().slice(0, 16)}Z: ${BENCH_REFERRALS.toLocaleString('en')} referrals over 4 units, a fifth rejected and routed to 2 low-threshold services, ${world.openInGeneralQueue.toLocaleString('en')} open in the queue read (${depth[0].n} after); ${options.rate} rejections/s, ${options.rounds}×${options.seconds} s per contender, interleaved; load average after ${loadAfter.map((n) => n.toFixed(2)).join(' ')} (2 cores, shared)`,
      [...LATENCY_HEADER, ...CPU_HEADER, 'target'],
      [
        [...latencyRow('raw SQL: triage Task row + referral_case update (open loop)', baseline), ...cpuColumns(cpuRaw, baseline, false), '-'],
        [...latencyRow('Bro: rejection (POST /api/referrals/:id/answer, answer 4)', answers), ...cpuColumns(cpuBro, visible, true), '-'],
        [...latencyRow('Bro: rejection → visible in the queue (open loop)', visible), '-', '-', '-', '-', '-', '-', verdict(visibleOk, `p99 ${format(visible.p99)} ms ≥ ${VISIBLE_P99_TARGET_MS}${visible.errors ? `, ${visible.errors} errors` : ''}`)],
        [...latencyRow(`queue page 1 (${FIRST_PAGE_SIZE}), ${options.pageRate}/s for 10 s before the rejections`, idle), '-', '-', '-', '-', '-', '-', idle.p99 < PAGE_P99_TARGET_MS ? 'met' : `(p99 ${format(idle.p99)} ms, no write load)`],
        [...latencyRow(`queue page 1 (${FIRST_PAGE_SIZE}), ${options.pageRate}/s beside the rejections`, firstPage), '-', '-', '-', '-', '-', '-', verdict(pageOk, `p99 ${format(firstPage.p99)} ms ≥ ${PAGE_P99_TARGET_MS}`)],
        [...latencyRow(`queue page holding the new case (${SEEK_PAGE_SIZE} a page, the tail)`, seek), '-', '-', '-', '-', '-', '-', seek.p99 < PAGE_P99_TARGET_MS ? 'met' : `(p99 ${format(seek.p99)} ms; target is for page 1)`],
      ],
    );
    printTable('Rejections routed', ['contender', 'attempted', 'answered 200', 'lost (SQL)', 'routed twice (SQL, all referrals)', 'queue reads per case', 'p50 ÷ raw p50', 'p99 ÷ raw p99', 'target'], [
      ['raw SQL', baseline.count + baseline.errors, raw.routed.length, '-', '-', '-', 1, 1, '-'],
      ['Bro: the answer', attempted.length, answeredOk, checked.lost, checked.twice, '-', answers.p50 / baseline.p50, answers.p99 / baseline.p99, verdict(correct, `${checked.lost} lost, ${checked.twice} routed twice, ${attempted.length - answeredOk} answers failed`)],
      ['Bro: → visible in the queue', attempted.length, visible.count, reads.notVisible, '-', meanReads, visible.p50 / baseline.p50, visible.p99 / baseline.p99, '-'],
    ]);
    const scansOf = (plan: string[]) => plan.filter((line) => /Scan.* on referral_case /.test(line)).map((line) => line.trim().replace(/^->\s+/, '').replace(/\s+\(cost=[^)]*\)/, '')).join(' / ');
    const heapFetches = (plan: string[]) => plan.filter((line) => /Heap Fetches|Heap Blocks/.test(line)).map((line) => line.trim()).join(', ') || 'none';
    printTable('The queue statement (EXPLAIN ANALYZE, after the run)', ['page', 'planning ms', 'execution ms', 'heap visits', 'plan'], [
      [`1 of ${FIRST_PAGE_SIZE}`, explained.planningMs, explained.ms, heapFetches(explained.plan), scansOf(explained.plan)],
      [`${tailPage} of ${SEEK_PAGE_SIZE}`, explainedTail.planningMs, explainedTail.ms, heapFetches(explainedTail.plan), scansOf(explainedTail.plan)],
    ]);
    if (!pageOk || !visibleOk || process.env.BENCH_EXPLAIN) {
      log('queue page 1 plan:');
      for (const line of explained.plan) console.log(`  ${line}`);
      log(`queue page ${tailPage} plan:`);
      for (const line of explainedTail.plan) console.log(`  ${line}`);
    }
    log(`where the new case is: its triage deadline (today + 5 working days) is the latest in the queue and it is routine, so it sorts after every case already there; the reader reads the page that holds it (the last by the total it last saw, ${SEEK_PAGE_SIZE} a page, stepping by the queue's order when others came between): ${format(meanReads)} reads per case on average`);
    log(`triage Tasks in the database: ${checked.triageTasks.toLocaleString('en')}`);
    return visibleOk && pageOk && correct;
  } finally {
    await env.stop();
  }
}
