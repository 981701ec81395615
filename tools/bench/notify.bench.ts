/**
 * `npm run bench -- notify`: Task changes at a constant rate through the API, and how long until
 * (a) the owner's socket.io client and (b) a Subscription's rest-hook receiver have them, against the
 * raw BullMQ add → process latency on the same Redis, measured in the same run. Also counts what was
 * lost or came twice.
 */
import { createServer } from 'node:http';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { io } from 'socket.io-client';
import { LiveEvent } from '@app/fhir';
import { fetchDemoToken } from '../identity-provider/demo-token';
import { seedDirectory } from '../seed/seed';
import { clearRedisPrefix, log, prepareDatabase, startBenchEnvironment, startWorkerProcess } from './bench-environment';
import { verdict } from './bench-report';
import { expectStatus, send } from './http-client';
import { LatencySummary, summarise } from './latency-stats';
import { openLoop } from './load-generator';
import { printTable } from './table';

export interface NotifyBenchOptions {
  rate: number;
  seconds: number;
}

const DATABASE = 'bro_bench_notify';
const REDIS_PREFIX = 'bro_bench';
const SOCKET_P99_TARGET_MS = 150;
const REST_HOOK_P99_TARGET_MS = 300;
const SECRET = 'bench-receiver-secret-0123456789abcdef';

/** BullMQ on its own: add a job, time until a worker on the same Redis has it. */
async function measureRawBullmq(rate: number, seconds: number): Promise<LatencySummary> {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const producer = new Redis(url, { maxRetriesPerRequest: null });
  const consumer = new Redis(url, { maxRetriesPerRequest: null });
  const name = 'bench-raw-baseline';
  const queue = new Queue<{ sent: number }>(name, { connection: producer, prefix: `${REDIS_PREFIX}:bull` });
  const samples: number[] = [];
  const worker = new Worker<{ sent: number }>(name, async (job) => void samples.push(Date.now() - job.data.sent), { connection: consumer, prefix: `${REDIS_PREFIX}:bull`, concurrency: 8 });
  await worker.waitUntilReady();
  const run = await openLoop(() => queue.add('x', { sent: Date.now() }, { removeOnComplete: true }).then(() => undefined), rate, seconds * 1000);
  await new Promise((done) => setTimeout(done, 1_000));
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  producer.disconnect();
  consumer.disconnect();
  return summarise(samples, run.samples.length - samples.length, seconds);
}

export async function runNotifyBench(options: NotifyBenchOptions): Promise<void> {
  log(`cleared ${await clearRedisPrefix(REDIS_PREFIX)} Redis keys under ${REDIS_PREFIX}:`);
  // Always a database of its own run: Subscriptions left by an earlier run would double the deliveries.
  const databaseUrl = await prepareDatabase(DATABASE, true);
  const env = await startBenchEnvironment(databaseUrl, 3902, 4902);
  let worker: Awaited<ReturnType<typeof startWorkerProcess>> | undefined;
  const receiver = createServer();
  try {
    log('seeding the directory');
    const seeded = await seedDirectory({ fhirBaseUrl: env.fhirBaseUrl, token: env.token, patients: 200, onProgress: () => undefined });
    const owner = seeded.references.demoPractitionerRoles.gp;
    const requester = seeded.references.demoOrganizations.haukelandMedisinsk;
    worker = await startWorkerProcess({ databaseUrl: env.databaseUrl, issuer: env.issuer, redisPrefix: REDIS_PREFIX });

    const sentAt = new Map<string, number>();
    const socketSeen = new Map<string, number>();
    const hookSeen = new Map<string, number>();
    // First arrival per Task, matched to its send time after the run: under load a delivery can beat
    // the load generator's handling of the API's own response.
    const socketArrival = new Map<string, number>();
    const hookArrival = new Map<string, number>();

    await new Promise<void>((done) => receiver.listen(3903, '127.0.0.1', done));
    receiver.on('request', (request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const arrived = Date.now();
        const id = (JSON.parse(body) as { id: string }).id;
        const event = String(request.headers['x-bro-event-id']);
        hookSeen.set(event, (hookSeen.get(event) ?? 0) + 1);
        if (!hookArrival.has(id)) hookArrival.set(id, arrived);
        response.writeHead(200).end();
      });
    });
    const headers = { Authorization: `Bearer ${env.token}`, 'Content-Type': 'application/fhir+json' };
    await expectStatus(
      send(`${env.fhirBaseUrl}/Subscription`, 'POST', headers, JSON.stringify({
        resourceType: 'Subscription',
        status: 'requested',
        reason: 'benchmark',
        criteria: `Task?owner=${owner}`,
        channel: { type: 'rest-hook', endpoint: 'http://127.0.0.1:3903/hook', payload: 'application/fhir+json' },
        extension: [{ url: 'urn:bro:extension:signing-secret', valueString: SECRET }],
      })),
      201,
    );

    const socket = io(`${env.apiOrigin}/live`, { auth: { token: await fetchDemoToken(env.issuer, 'gp') }, transports: ['websocket'] });
    await new Promise<void>((done) => socket.once(LiveEvent.Ready, () => done()));
    socket.on(LiveEvent.Notification, (n: { resource?: string }) => {
      const arrived = Date.now();
      const id = n.resource?.replace('Task/', '');
      if (!id) return;
      socketSeen.set(id, (socketSeen.get(id) ?? 0) + 1);
      if (!socketArrival.has(id)) socketArrival.set(id, arrived);
    });

    const patients = (JSON.parse(await expectStatus(send(`${env.fhirBaseUrl}/Patient?_count=100&_total=none`, 'GET', headers), 200)) as { entry: Array<{ resource: { id: string } }> }).entry.map((e) => e.resource.id);
    const create = (i: number) =>
      expectStatus(
        send(`${env.fhirBaseUrl}/Task`, 'POST', headers, JSON.stringify({
          resourceType: 'Task',
          status: 'requested',
          intent: 'order',
          priority: 'routine',
          businessStatus: { coding: [{ system: 'urn:bro:task-category', code: 'PROVESVAR' }] },
          for: { reference: `Patient/${patients[i % patients.length]}` },
          owner: { reference: owner },
          requester: { reference: requester },
        })),
        201,
      ).then((body) => void sentAt.set((JSON.parse(body) as { id: string }).id, Date.now()));

    log(`raw BullMQ add → process at ${options.rate}/s for ${options.seconds} s (baseline)`);
    const raw = await measureRawBullmq(options.rate, options.seconds);
    log(`Task creates at ${options.rate}/s for ${options.seconds} s`);
    // Warm-up at the full rate, not measured: the first seconds build a backlog while the API's and the
    // worker's code paths are compiled (see the by-window table), which is not the steady state.
    log('warming up for 10 s at the full rate');
    await openLoop(create, options.rate, 10_000);
    await new Promise((done) => setTimeout(done, 3_000));
    socketSeen.clear();
    hookSeen.clear();
    socketArrival.clear();
    hookArrival.clear();
    sentAt.clear();
    const started = Date.now();
    const run = await openLoop(create, options.rate, options.seconds * 1000);
    if (run.firstError) log(`first error: ${run.firstError}`);
    log('waiting up to 15 s for the last deliveries');
    const deadline = Date.now() + 15_000;
    const all = () => [...sentAt.keys()];
    while (Date.now() < deadline && all().some((id) => !socketArrival.has(id) || !hookArrival.has(id))) await new Promise((done) => setTimeout(done, 200));
    socket.disconnect();

    const sent = all();
    const latencyOf = (arrivals: Map<string, number>) => sent.filter((id) => arrivals.has(id)).map((id) => Math.max(0, arrivals.get(id)! - sentAt.get(id)!));
    const socketLatency = latencyOf(socketArrival);
    const hookLatency = latencyOf(hookArrival);
    const socketTimeline: Array<[number, number]> = sent.filter((id) => socketArrival.has(id)).map((id) => [sentAt.get(id)!, Math.max(0, socketArrival.get(id)! - sentAt.get(id)!)]);
    const socketLost = sent.filter((id) => !socketArrival.has(id)).length;
    const socketTwice = sent.filter((id) => (socketSeen.get(id) ?? 0) > 1).length;
    const hookLost = sent.filter((id) => !hookArrival.has(id)).length;
    const hookTwice = [...hookSeen.values()].filter((n) => n > 1).length;
    const toSocket = summarise(socketLatency.sort((a, b) => a - b), socketLost, options.seconds);
    const hook = summarise(hookLatency.sort((a, b) => a - b), hookLost, options.seconds);
    const row = (name: string, s: LatencySummary, lost: number | string, twice: number | string) => [name, s.count, s.p50, s.p95, s.p99, s.max, lost, twice];
    printTable(`Task change → delivery, ${options.rate}/s for ${options.seconds} s (${run.samples.length} creates, ${run.errors} errors)`, ['path', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'lost', 'twice'], [
      row('raw BullMQ add → process (baseline)', raw, raw.errors, '-'),
      row('API response → socket.io client', toSocket, socketLost, socketTwice),
      row('API response → rest-hook receiver', hook, hookLost, hookTwice),
    ]);
    const windows = new Map<number, number[]>();
    for (const [sent, latency] of socketTimeline) {
      const window = Math.floor((sent - started) / 5000);
      windows.set(window, [...(windows.get(window) ?? []), latency]);
    }
    printTable(
      'socket.io latency by 5 s of the run (a growing p99 is a backlog, a flat one is the steady state)',
      ['seconds', 'n', 'p50 ms', 'p99 ms'],
      [...windows.entries()]
        .sort(([a], [b]) => a - b)
        .map(([window, samples]) => {
          const s = summarise(samples.sort((a, b) => a - b), 0, 5);
          return [`${window * 5}–${window * 5 + 5}`, s.count, s.p50, s.p99];
        }),
    );
    printTable('Targets', ['target', 'measured', 'verdict'], [
      [`socket.io p99 < ${SOCKET_P99_TARGET_MS} ms`, `${toSocket.p99} ms`, verdict(toSocket.p99 < SOCKET_P99_TARGET_MS, `${(toSocket.p99 - SOCKET_P99_TARGET_MS).toFixed(0)} ms over`)],
      [`rest-hook p99 < ${REST_HOOK_P99_TARGET_MS} ms`, `${hook.p99} ms`, verdict(hook.p99 < REST_HOOK_P99_TARGET_MS, `${(hook.p99 - REST_HOOK_P99_TARGET_MS).toFixed(0)} ms over`)],
      ['nothing lost, nothing twice', `${socketLost + hookLost} lost, ${socketTwice + hookTwice} twice`, verdict(socketLost + hookLost + socketTwice + hookTwice === 0, 'see the table')],
    ]);
  } finally {
    receiver.close();
    await worker?.stop();
    await env.stop();
  }
}
