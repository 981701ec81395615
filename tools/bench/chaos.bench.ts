/**
 * `npm run bench -- chaos`: hand-overs at a constant rate (each accepted by the GP: Task versions 1 and 2)
 * into two API processes and two workers, while faults are injected on a schedule: Redis killed and
 * started empty, Redis away for 30 s, a worker and an API killed -9 mid-work, every PostgreSQL session of
 * the benchmark's database terminated. Three subscribers time every change from its commit to its arrival:
 * the GP's browser (socket.io `/live`), a rest-hook receiver and a websocket Subscription. After the run has
 * drained (the PostgreSQL ledgers owe nothing), it counts per fault and channel what was lost, what came
 * twice under different event ids and what came out of order, and how long after each fault the p99 of
 * rolling 1 s windows took to fall back under 1 s. Exits 1 if anything was lost, duplicated or out of order.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { fetchDemoToken, startDevIdentityProvider } from '../identity-provider/demo-token';
import { Deployment, startApiProcess } from '../reliability/bro-process';
import { DeliveryFindings, deliveryFindings, ledgerStates, outboxMark, settled, storedVersions, wholeHandoverProblems } from '../reliability/delivery-ledger';
import { freePort } from '../reliability/free-port';
import { PrivateRedis } from '../reliability/private-redis';
import { Delivery, Receiver } from '../reliability/rest-hook-receiver';
import { seedDirectory } from '../seed/seed';
import { dropDatabase, log, prepareDatabase } from './bench-environment';
import { verdict } from './bench-report';
import { ChaosDeployment, InjectedFault } from './chaos-deployment';
import { HandoverLoad } from './chaos-load';
import { FaultKind, chaosSchedule } from './chaos-schedule';
import { LiveInbox, WebsocketSubscriber } from './chaos-subscribers';
import { Arrival, recoveryMs } from './delivery-recovery';
import { expectStatus, send } from './http-client';
import { summarise } from './latency-stats';
import { openLoop } from './load-generator';
import { CpuMeter } from './process-cpu';
import { format, printTable } from './table';

export interface ChaosBenchOptions {
  rate: number;
  durationMs: number;
  reconcileAfterMs: number;
  jobLockMs: number;
  keepDatabase: boolean;
  /** Which faults to inject (all five when absent). */
  faults?: FaultKind[];
  /** Run Bro from the TypeScript sources instead of building it first (a restart then compiles under load). */
  fromSources?: boolean;
}

/** Builds the API and worker as a deployment does (`dist/api`): a restarted process then starts as in production. */
function buildApi(): void {
  log('building the API and worker (nest build api)');
  execFileSync(join(process.cwd(), 'node_modules/.bin/nest'), ['build', 'api'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const DATABASE = 'bro_bench_chaos';
const REDIS_PREFIX = 'bro_chaos';
const BENCH_APPLICATION = 'bro-chaos-bench';
const RECOVERY_TARGET_MS = 10_000;
/** After a fault ends, how long its aftermath lasts in the "calm" and "fault" split of the latency table. */
const AFTERMATH_MS = 10_000;
const WARM_UP_MS = 10_000;
const TIMELINE_MS = 10_000;
const DRAIN_TIMEOUT_MS = 300_000;
const SECRET = 'chaos-bench-receiver-secret-0123456789';

type Channel = 'in-app' | 'rest-hook' | 'websocket';
const CHANNELS: Channel[] = ['in-app', 'rest-hook', 'websocket'];

function pause(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, Math.max(0, ms)));
}

async function subscribe(origin: string, token: string, body: Record<string, unknown>): Promise<string> {
  const created = await expectStatus(send(`${origin}/fhir/R4/Subscription`, 'POST', { Authorization: `Bearer ${token}`, 'Content-Type': 'application/fhir+json' }, JSON.stringify(body)), 201);
  return (JSON.parse(created) as { id: string }).id;
}

/** When each version of each Task was committed: its outbox row is written at commit. */
async function commitTimes(pool: Pool, sinceOutboxId: string): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ change: string; at: number }>(
    `SELECT 'Task/' || resource_id || '/' || version_id AS change, extract(epoch FROM created_at) * 1000 AS at
       FROM outbox WHERE id > $1::bigint AND resource_type = 'Task' AND topic = 'resource.changed'`,
    [sinceOutboxId],
  );
  return new Map(rows.map((row) => [row.change, Number(row.at)]));
}

export async function runChaosBench(options: ChaosBenchOptions): Promise<boolean> {
  const schedule = chaosSchedule(options.durationMs, options.faults);
  if (!options.fromSources) buildApi();
  const databaseUrl = await prepareDatabase(DATABASE, true);
  const identityProvider = await startDevIdentityProvider({ port: await freePort() });
  const redis = await PrivateRedis.start({ persistent: true });
  const deployment: Deployment = {
    databaseUrl,
    issuer: identityProvider.issuer,
    redisUrl: redis.url,
    redisPrefix: REDIS_PREFIX,
    built: !options.fromSources,
    env: { DATABASE_POOL_SIZE: '8', RECONCILE_AFTER_MS: String(options.reconcileAfterMs), JOB_LOCK_MS: String(options.jobLockMs), REST_HOOK_FIRST_RETRY_MS: '100' },
  };
  const pool = new Pool({ connectionString: databaseUrl, max: 2, application_name: BENCH_APPLICATION });
  pool.on('error', () => undefined);
  const receiver = await Receiver.start();
  let stack: ChaosDeployment | undefined;
  let inbox: LiveInbox | undefined;
  let websocket: WebsocketSubscriber | undefined;
  try {
    // Seeded through an API of its own: an API keeps what a caller acts for for a minute, and the hospital's
    // scope looked up before its units existed would refuse its hand-overs.
    log('seeding the directory');
    const seeding = await startApiProcess(deployment);
    const ehrToken = await fetchDemoToken(identityProvider.issuer, 'ehr');
    const seeded = await seedDirectory({ fhirBaseUrl: seeding.fhirBaseUrl, token: ehrToken, patients: 20, onProgress: () => undefined }).finally(() => seeding.stop());
    const gp = seeded.references.demoPractitionerRoles.gp;
    const requester = seeded.references.demoOrganizations.haukelandMedisinsk;
    const gpToken = await fetchDemoToken(identityProvider.issuer, 'gp');

    log('starting two API processes and two workers');
    stack = await ChaosDeployment.start(redis, deployment, BENCH_APPLICATION);
    const [api1, api2] = stack.apis;
    const criteria = `Task?owner=${gp}`;
    receiver.subscriptionId = await subscribe(api2.origin, ehrToken, {
      resourceType: 'Subscription',
      status: 'requested',
      reason: 'chaos benchmark',
      criteria,
      channel: { type: 'rest-hook', endpoint: receiver.url, payload: 'application/fhir+json' },
      extension: [{ url: 'urn:bro:extension:signing-secret', valueString: SECRET }],
    });
    const websocketSubscription = await subscribe(api2.origin, ehrToken, { resourceType: 'Subscription', status: 'requested', reason: 'chaos benchmark', criteria, channel: { type: 'websocket', payload: 'application/fhir+json' } });
    // The browser on the API that is killed (it reconnects and asks for what it missed); the websocket
    // Subscription on the other, since a live channel keeps nothing for a socket that is down.
    inbox = new LiveInbox(api1.origin, gpToken);
    websocket = new WebsocketSubscriber(api2.origin, ehrToken, websocketSubscription);
    await Promise.all([inbox.connect(), websocket.connect()]);
    const sinceOutboxId = await outboxMark(pool);

    const cpuGroups = { ...stack.processes(), postgres: CpuMeter.postgresFor(DATABASE), 'load generator': CpuMeter.pids(process.pid) };
    const cpu = new CpuMeter(cpuGroups);
    const cpuSeconds: Array<{ at: number; percent: Record<string, number> }> = [];
    cpu.start();
    const cpuTimer = setInterval(() => {
      cpuSeconds.push({ at: Date.now(), percent: cpu.stop() });
      cpu.start();
    }, 1_000);

    const currentStack = stack;
    const load = new HandoverLoad({ origins: () => currentStack.apis.map((api) => api.origin), ehrToken, gpToken, gp, requester });
    log(`${options.rate} hand-overs/s for ${options.durationMs / 1000} s; faults at ${schedule.map((f) => `${Math.round(f.atMs / 1000)} s ${f.kind}`).join(', ')}`);
    const loadStarted = Date.now();
    const rel = (at: number) => ((at - loadStarted) / 1000).toFixed(1);
    const faults: InjectedFault[] = [];
    const injecting = (async () => {
      for (const planned of schedule) {
        await pause(loadStarted + planned.atMs - Date.now());
        const injected = await currentStack.inject(planned, () => load.inFlight[0]).catch((error: unknown) => {
          const at = Date.now();
          return { kind: planned.kind, startedAt: at, endedAt: at, detail: `NOT INJECTED: ${error instanceof Error ? error.message : String(error)}` };
        });
        log(`${planned.kind}: ${injected.detail} (${((injected.endedAt - injected.startedAt) / 1000).toFixed(1)} s)`);
        faults.push(injected);
      }
    })();
    const progress = setInterval(() => {
      log(
        `${rel(Date.now())} s: ${load.taskIds.length} tasks, requests under way ${load.inFlight.join(' + ')}; received in-app ${inbox!.first.length}, rest-hook ${receiver.first.length}, websocket ${websocket!.first.length}`,
      );
    }, 10_000);
    const run = await openLoop((i) => load.handOverAndAccept(i), options.rate, options.durationMs).finally(() => clearInterval(progress));
    await injecting;
    const loadEnded = Date.now();
    log(`load done: ${load.taskIds.length} tasks, ${run.errors} hand-overs failed for good${run.firstError ? ` (${run.firstError})` : ''}; draining`);

    for (const subscriptionId of [receiver.subscriptionId, websocketSubscription]) {
      await settled(pool, { taskIds: load.taskIds, overdueTaskIds: [], subscriptionId, sinceOutboxId }, DRAIN_TIMEOUT_MS);
    }
    const versions = await storedVersions(pool, load.taskIds);
    const owedChanges = [...versions.values()].reduce((n, v) => n + v, 0);
    // The ledgers owe nothing: what has not arrived a few seconds later is lost.
    const arrivedDeadline = Date.now() + 10_000;
    while (Date.now() < arrivedDeadline && (receiver.first.length < owedChanges || websocket.first.length < owedChanges || inbox.first.length < load.taskIds.length)) await pause(100);
    const drained = Date.now();
    clearInterval(cpuTimer);

    const committed = await commitTimes(pool, sinceOutboxId);
    const firstVersions = new Map(load.taskIds.map((id) => [`Task/${id}`, 1]));
    const received: Record<Channel, Delivery[]> = { 'in-app': inbox.first, 'rest-hook': receiver.first, websocket: websocket.first };
    const findings: Record<Channel, DeliveryFindings> = {
      'in-app': deliveryFindings(inbox.first, firstVersions),
      'rest-hook': deliveryFindings(receiver.first, versions),
      websocket: deliveryFindings(websocket.first, versions),
    };
    const repeats: Record<Channel, number> = { 'in-app': inbox.repeats, 'rest-hook': receiver.posts - receiver.first.length, websocket: websocket.repeats };
    const arrivals = (channel: Channel): Array<Arrival & { change: string }> =>
      received[channel].flatMap((d) => {
        const change = `${d.resource}/${d.version}`;
        const committedAt = committed.get(change);
        return committedAt === undefined ? [] : [{ change, committedAt, receivedAt: d.receivedAt }];
      });

    // Each change belongs to the calm before the first fault, or to the fault last begun before its commit.
    const segments = [{ name: 'calm, before the first fault', from: 0 }, ...faults.map((f, i) => ({ name: `${i + 1}. ${f.kind}`, from: f.startedAt }))];
    const segmentOf = (at: number) => segments.reduce((found, segment, i) => (at >= segment.from ? i : found), 0);

    const recoveries = faults.map((fault, i) => {
      const horizon = faults[i + 1]?.startedAt ?? drained;
      return Object.fromEntries(CHANNELS.map((channel) => [channel, recoveryMs(arrivals(channel), fault.endedAt, horizon)])) as Record<Channel, number | undefined>;
    });
    const recoveryCell = (ms: number | undefined, fault: number) => (ms === undefined ? `> ${format(((faults[fault + 1]?.startedAt ?? drained) - faults[fault].endedAt) / 1000)}` : format(ms / 1000));
    printTable(
      `Faults (${options.rate} hand-overs/s, each accepted: ${load.taskIds.length} tasks, ${owedChanges} Task changes; RECONCILE_AFTER_MS=${options.reconcileAfterMs}, JOB_LOCK_MS=${options.jobLockMs}). ` +
        'Recovery: seconds after the fault ended until the p99 of every rolling 1 s window (deliveries by arrival) is under 1 s',
      ['fault', 'started s', 'ended s', 'what happened', 'recovery in-app s', 'rest-hook s', 'websocket s', `≤ ${RECOVERY_TARGET_MS / 1000} s`],
      faults.map((fault, i) => {
        const worst = CHANNELS.map((c) => recoveries[i][c]);
        const met = worst.every((ms) => ms !== undefined && ms <= RECOVERY_TARGET_MS);
        return [`${i + 1}. ${fault.kind}`, rel(fault.startedAt), rel(fault.endedAt), fault.detail, ...CHANNELS.map((c) => recoveryCell(recoveries[i][c], i)), met ? 'met' : 'MISSED'];
      }),
    );

    const lostRows: Array<Array<string | number>> = [];
    for (const [s, segment] of segments.entries()) {
      for (const channel of CHANNELS) {
        // A task belongs where its hand-over (version 1) was committed, its acceptance with it.
        const resourceInSegment = (resource: string) => segmentOf(committed.get(`${resource}/1`) ?? loadStarted) === s;
        const inSegment = (change: string) => resourceInSegment(change.slice(0, change.lastIndexOf('/')));
        const owed = channel === 'in-app' ? load.taskIds.filter((id) => resourceInSegment(`Task/${id}`)).length : [...versions.entries()].filter(([resource]) => resourceInSegment(resource)).reduce((n, [, v]) => n + v, 0);
        const f = findings[channel];
        lostRows.push(
          [segment.name, channel, owed, f.missing.filter(inSegment).length, f.twice.filter(inSegment).length, f.outOfOrder.filter(resourceInSegment).length, received[channel].filter((d) => resourceInSegment(d.resource)).length].map(String),
        );
      }
    }
    printTable(
      'Per fault (changes by commit time, from the fault until the next) and channel, after the run drained. lost: owed (PostgreSQL ledgers) and never received; duplicated: one change received under two event ids; out of order: a task whose versions came newest first',
      ['segment', 'channel', 'owed', 'lost', 'duplicated', 'out of order', 'received'],
      lostRows,
    );
    printTable(
      'Subscribers: redelivered under the same event id (de-duplicated, expected after faults), disconnects, and what the clients caught up or missed',
      ['channel', 'repeats', 'disconnects', 'note'],
      [
        ['in-app', String(repeats['in-app']), String(inbox.disconnects), `${inbox.caughtUp} first read from the list after reconnecting`],
        ['rest-hook', String(repeats['rest-hook']), '-', `${receiver.posts} POSTs`],
        ['websocket', String(repeats.websocket), String(websocket.disconnects), `${websocket.gaps} event numbers never heard (events-since-subscription-start)`],
      ],
    );

    const phaseOf = (committedAt: number): string => {
      if (committedAt < loadStarted + WARM_UP_MS) return 'warm-up';
      if (faults.length === 0 || committedAt < faults[0].startedAt) return 'calm, before the first fault';
      return faults.some((f) => committedAt >= f.startedAt && committedAt < f.endedAt + AFTERMATH_MS) ? `in a fault or the ${AFTERMATH_MS / 1000} s after it` : 'calm, after faults';
    };
    const latencyRows: Array<Array<string | number>> = [];
    for (const channel of CHANNELS) {
      const all = arrivals(channel).map((a) => ({ phase: phaseOf(a.committedAt), ms: Math.max(0, a.receivedAt - a.committedAt) }));
      for (const phase of ['all', 'calm, before the first fault', 'calm, after faults', `in a fault or the ${AFTERMATH_MS / 1000} s after it`]) {
        const samples = all.filter((a) => phase === 'all' || a.phase === phase).map((a) => a.ms);
        const s = summarise(samples, 0, 1);
        latencyRows.push([channel, phase, String(s.count), s.p50, s.p95, s.p99, s.max]);
      }
    }
    printTable('Delivery latency, change committed (its outbox row) → received, ms. The calm rows are the baseline of the same run', ['channel', 'changes committed', 'n', 'p50', 'p95', 'p99', 'max'], latencyRows);

    const timeline = new Map<number, Record<Channel, number[]>>();
    for (const channel of CHANNELS) {
      for (const a of arrivals(channel)) {
        const slot = Math.floor((a.receivedAt - loadStarted) / TIMELINE_MS);
        if (!timeline.has(slot)) timeline.set(slot, { 'in-app': [], 'rest-hook': [], websocket: [] });
        timeline.get(slot)![channel].push(a.receivedAt - a.committedAt);
      }
    }
    printTable(
      `p99 latency by ${TIMELINE_MS / 1000} s of the run (deliveries by arrival; the fault under way, if any)`,
      ['seconds', 'fault', ...CHANNELS.flatMap((c) => [`${c} n`, `${c} p99 ms`])],
      [...timeline.entries()]
        .sort(([a], [b]) => a - b)
        .map(([slot, byChannel]) => {
          const from = loadStarted + slot * TIMELINE_MS;
          const fault = faults.find((f) => f.startedAt < from + TIMELINE_MS && f.endedAt >= from);
          return [`${(slot * TIMELINE_MS) / 1000}–${((slot + 1) * TIMELINE_MS) / 1000}`, fault?.kind ?? '', ...CHANNELS.flatMap((c) => [String(byChannel[c].length), summarise(byChannel[c], 0, 1).p99])];
        }),
    );

    printTable(
      'Failed requests (each tried again on the other API process after a pause, as a client behind a load balancer would)',
      ['segment', 'failed attempts', 'what', 'given up'],
      segments.map((segment, s) => {
        const failed = load.failed.filter((f) => segmentOf(f.at) === s);
        const kinds = new Map<string, number>();
        for (const f of failed) kinds.set(`${f.step} ${f.what}`, (kinds.get(`${f.step} ${f.what}`) ?? 0) + 1);
        return [segment.name, String(failed.length), [...kinds.entries()].map(([what, n]) => `${what} ×${n}`).join(', ') || '-', s === segments.length - 1 ? String(run.errors) : '-'];
      }),
    );

    const inFault = (at: number) => faults.some((f) => at >= f.startedAt && at < f.endedAt + AFTERMATH_MS);
    const meanOf = (samples: typeof cpuSeconds, group: string) => samples.reduce((n, s) => n + (s.percent[group] ?? 0), 0) / Math.max(1, samples.length);
    const calmSeconds = cpuSeconds.filter((s) => s.at > loadStarted + WARM_UP_MS && s.at <= loadEnded && !inFault(s.at));
    const faultSeconds = cpuSeconds.filter((s) => s.at <= loadEnded && inFault(s.at));
    const duringLoad = cpuSeconds.filter((s) => s.at <= loadEnded);
    printTable(
      'CPU, % of one core (2 cores in all, shared with the load generator and subscribers)',
      ['process', 'whole load', 'calm', `faults and ${AFTERMATH_MS / 1000} s after`, 'drain'],
      Object.keys(cpuGroups).map((group) => [group, meanOf(duringLoad, group), meanOf(calmSeconds, group), meanOf(faultSeconds, group), meanOf(cpuSeconds.filter((s) => s.at > loadEnded), group)]),
    );

    const restHookLedger = await ledgerStates(pool, receiver.subscriptionId);
    const websocketLedger = await ledgerStates(pool, websocketSubscription);
    const halves = await wholeHandoverProblems(pool, load.taskIds);
    const totals = (pick: (f: DeliveryFindings) => string[]) => CHANNELS.reduce((n, c) => n + pick(findings[c]).length, 0);
    const lost = totals((f) => f.missing);
    const twice = totals((f) => f.twice);
    const outOfOrder = totals((f) => f.outOfOrder);
    const worstRecovery = recoveries.map((r, i) => ({ i, ms: Math.max(...CHANNELS.map((c) => r[c] ?? Infinity)) }));
    printTable('Targets', ['target', 'measured', 'verdict'], [
      ['nothing lost', `${lost} (rest-hook ledger ${JSON.stringify(restHookLedger)}, websocket ledger ${JSON.stringify(websocketLedger)})`, verdict(lost === 0, `${lost} changes never received`)],
      ['nothing duplicated', `${twice}`, verdict(twice === 0, `${twice} changes under two event ids`)],
      ['nothing out of order', `${outOfOrder}`, verdict(outOfOrder === 0, `${outOfOrder} tasks`)],
      ['no hand-over written by halves', `${halves}`, verdict(halves === 0, `${halves} tasks without their encounter`)],
      ...worstRecovery.map(({ i, ms }) => [
        `${faults[i].kind}: p99 < 1 s within ${RECOVERY_TARGET_MS / 1000} s`,
        Number.isFinite(ms) ? `${format(ms / 1000)} s` : 'not within the schedule',
        verdict(ms <= RECOVERY_TARGET_MS, Number.isFinite(ms) ? `${format((ms - RECOVERY_TARGET_MS) / 1000)} s late` : 'not recovered before the next fault'),
      ]),
    ]);
    log(`drained ${((drained - loadEnded) / 1000).toFixed(1)} s after the load ended`);
    return lost + twice + outOfOrder + halves === 0;
  } finally {
    inbox?.close();
    websocket?.close();
    await stack?.stop();
    await redis.remove();
    await receiver.close();
    await pool.end();
    await identityProvider.stop();
    if (!options.keepDatabase) await dropDatabase(DATABASE);
  }
}
