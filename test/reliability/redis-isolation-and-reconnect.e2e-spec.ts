import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { LiveEvent, NotificationKind } from '@app/fhir';
import { socketEmitter } from '../../apps/api/src/live/socket-io-redis.adapter';
import { LIVE_NAMESPACE } from '../../apps/api/src/notifications/live.gateway';
import { roomOf } from '../../apps/api/src/notifications/recipients';
import { PrivateRedis } from '../../tools/reliability/private-redis';
import { TestApi, startTestApi } from '../support/test-api';
import { startTestWorker } from '../support/test-worker';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';
import { waitFor } from '../support/wait-for';

interface LiveNotification {
  id: string;
  kind: string;
  resource?: string;
  recipient: string;
}

/** A socket on `/live` as a demo user, recording every notification in the order it came. */
async function connectLive(api: TestApi, user: string, sockets: Socket[]) {
  const socket = io(`${api.origin}${LIVE_NAMESPACE}`, { auth: { token: await api.token(user) }, transports: ['websocket'], forceNew: true });
  sockets.push(socket);
  const received: LiveNotification[] = [];
  socket.on(LiveEvent.Notification, (notification: LiveNotification) => received.push(notification));
  await new Promise<void>((resolve, reject) => {
    socket.once(LiveEvent.Ready, () => resolve());
    socket.once('unauthorized', (error: { message: string }) => reject(new Error(error.message)));
    socket.once('connect_error', reject);
  });
  return {
    received,
    next: (test: (n: LiveNotification) => boolean, what: string, timeoutMs = 10_000) => waitFor(() => received.find(test), what, timeoutMs),
  };
}

/**
 * A hospital system's websocket Subscription to the GP's tasks, bound on `api`: the Task ids it is
 * notified of, in order.
 */
async function subscribeByWebsocket(api: TestApi, sockets: WebSocket[]) {
  const created = await callAs<{ id: string }>(api, 'ehr', 'POST', '/fhir/R4/Subscription', {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'The hospital EHR follows its hand-overs',
    criteria: `Task?owner=${gpRole('gp')}`,
    channel: { type: 'websocket', payload: 'application/fhir+json' },
  });
  expect(created.status).toBe(201);
  const issued = await callAs<{ parameter: Array<{ name: string; valueString?: string }> }>(api, 'ehr', 'POST', `/fhir/R4/Subscription/${created.body.id}/$get-ws-binding-token`);
  const token = issued.body.parameter.find((p) => p.name === 'token')!.valueString!;
  const socket = new WebSocket(`${api.origin.replace(/^http/, 'ws')}/fhir/R4/ws/subscriptions`);
  sockets.push(socket);
  const frames: Array<{ resourceType?: string; entry?: Array<{ resource?: { resourceType?: string; id?: string } }> }> = [];
  socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as (typeof frames)[number]));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'bind-with-token', payload: { token } }));
  await waitFor(() => frames.some((frame) => frame.resourceType === 'Bundle'), 'the websocket Subscription handshake');
  const tasksNotified = () => frames.flatMap((frame) => (frame.entry ?? []).slice(1).flatMap((e) => (e.resource?.resourceType === 'Task' ? [e.resource.id] : [])));
  return { tasksNotified };
}

async function readiness(api: TestApi): Promise<number> {
  return (await fetch(`${api.origin}/health/ready`)).status;
}

jest.setTimeout(60_000);

/** How long Redis stays away in the reconnect test: longer than it takes every reconnect interval to reach its cap. */
const OUTAGE_MS = 8_000;

describe('Redis: two deployments on one server stay apart', () => {
  const sockets: Socket[] = [];
  let one: TestApi;
  let two: TestApi;
  let workerOfOne: Awaited<ReturnType<typeof startTestWorker>>;

  beforeAll(async () => {
    // The same prefix (this run's), databases 1 and 2 of the same Redis server.
    one = await startTestApi({ REDIS_URL: 'redis://127.0.0.1:6379/1' });
    two = await startTestApi({ REDIS_URL: 'redis://127.0.0.1:6379/2' });
    workerOfOne = await startTestWorker({ REDIS_URL: 'redis://127.0.0.1:6379/1' });
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await workerOfOne?.close();
    await one?.close();
    await two?.close();
    for (const db of [1, 2]) {
      const redis = new Redis(`redis://127.0.0.1:6379/${db}`);
      const keys = await redis.keys(`${process.env.REDIS_PREFIX}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });

  it("a GP's live notification in one deployment never reaches the same GP's socket in the other", async () => {
    const inOne = await connectLive(one, 'gp', sockets);
    const inTwo = await connectLive(two, 'gp', sockets);

    const { tasks } = await postHandover(await one.fhirClient('ehr'), handover({ patient: newPatient(gpRole('gp')) }));
    const first = await inOne.next((n) => n.resource === `Task/${tasks[0].id}`, 'the hand-over notification in deployment one');
    expect(first).toMatchObject({ kind: NotificationKind.NewTask, recipient: gpRole('gp') });

    // The first one has been published (deployment one's socket has it). Whatever Redis would have
    // passed to deployment two, it would pass before anything published after it: so the next
    // notification deployment two's socket gets must be its own second one, and nothing before it.
    const toTwo = socketEmitter(two.config);
    const toOne = socketEmitter(one.config);
    try {
      const second: LiveNotification = { id: 'second', kind: NotificationKind.NewTask, recipient: gpRole('gp'), resource: 'Task/only-in-two' };
      toTwo.emitter.of(LIVE_NAMESPACE).to(roomOf(gpRole('gp'))).emit(LiveEvent.Notification, second);
      await inTwo.next((n) => n.id === 'second', "deployment two's own notification");
      expect(inTwo.received.map((n) => n.resource)).toEqual(['Task/only-in-two']);

      // And the other way: deployment one's next notification comes with nothing of two's before it.
      const third: LiveNotification = { id: 'third', kind: NotificationKind.NewTask, recipient: gpRole('gp'), resource: 'Task/only-in-one' };
      toOne.emitter.of(LIVE_NAMESPACE).to(roomOf(gpRole('gp'))).emit(LiveEvent.Notification, third);
      await inOne.next((n) => n.id === 'third', "deployment one's second notification");
      expect(inOne.received.map((n) => n.id)).not.toContain('second');
    } finally {
      toTwo.redis.disconnect();
      toOne.redis.disconnect();
    }
  });
});

describe('Redis: away and back', () => {
  const sockets: Socket[] = [];
  const websockets: WebSocket[] = [];
  let redis: PrivateRedis;
  let api: TestApi;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    api = await startTestApi({ REDIS_URL: redis.url });
    worker = await startTestWorker({ REDIS_URL: redis.url });
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    websockets.forEach((socket) => socket.close());
    await worker?.close();
    await api?.close();
    await redis?.kill();
  });

  it('says not ready while Redis is away, keeps taking hand-overs, and delivers to browsers and websocket Subscriptions again within 5 s of its return', async () => {
    const ehr = await api.fhirClient('ehr');
    const live = await connectLive(api, 'gp', sockets);
    const hospital = await subscribeByWebsocket(api, websockets);
    const before = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')) }));
    await live.next((n) => n.resource === `Task/${before.tasks[0].id}`, 'a notification before Redis goes away');
    await waitFor(() => hospital.tasksNotified().includes(before.tasks[0].id), 'the websocket Subscription notified before Redis goes away');
    expect(await readiness(api)).toBe(200);

    await redis.kill();
    await waitFor(async () => (await readiness(api)) === 503, '/health/ready to say 503 while Redis is away', 5_000);

    // The hand-over is PostgreSQL's: it is taken at once (the rate limiter lets it through, nothing waits on Redis).
    const askedAt = Date.now();
    const during = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')) }));
    expect(Date.now() - askedAt).toBeLessThan(3_000);
    // A real outage, long enough for every connection's retries to reach their longest interval:
    // not ready on every probe throughout.
    const awaySince = Date.now();
    while (Date.now() - awaySince < OUTAGE_MS) {
      expect(await readiness(api)).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const restartedAt = Date.now();
    await redis.start();
    const ready = waitFor(async () => (await readiness(api)) === 200 && Date.now(), '/health/ready to say 200 again', 5_000);
    // Queued while Redis was away: the outbox in PostgreSQL carries it once Redis is back.
    const missed = live.next((n) => n.resource === `Task/${during.tasks[0].id}`, 'the notification of the hand-over made while Redis was away', 5_000);
    const after = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')) }));
    const fresh = live.next((n) => n.resource === `Task/${after.tasks[0].id}`, 'the notification of a hand-over made after Redis came back', 5_000);
    // The websocket Subscription's listener subscribed again by itself: the hospital hears of both.
    const subscribed = waitFor(
      () => [during, after].every(({ tasks }) => hospital.tasksNotified().includes(tasks[0].id)),
      'the websocket Subscription notified of both hand-overs',
      5_000,
    );
    const [readyAt] = await Promise.all([ready, missed, fresh, subscribed]);
    const deliveredAt = Date.now();

    const recoveredMs = Math.max(readyAt, deliveredAt) - restartedAt;
    process.stdout.write(`Redis came back: ready after ${readyAt - restartedAt} ms, live and websocket notifications flowing after ${deliveredAt - restartedAt} ms\n`);
    expect(recoveredMs).toBeLessThan(5_000);
    expect(live.received.filter((n) => n.resource === `Task/${during.tasks[0].id}`)).toHaveLength(1);
  });
});
