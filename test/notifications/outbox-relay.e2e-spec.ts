import { Pool } from 'pg';
import Client from 'fhir-kit-client';
import { io, Socket } from 'socket.io-client';
import { LiveEvent, QueueName } from '@app/fhir';
import { loadAppConfig } from '../../apps/api/src/config/app-config';
import { Database } from '../../apps/api/src/database/sql-client';
import { DatabaseEpoch } from '../../apps/api/src/database/database-epoch';
import { OutboxRelay } from '../../apps/api/src/outbox/outbox.relay';
import { OutboxRow, matchingJobId } from '../../apps/api/src/outbox/outbox-row';
import { openQueue, producerConnection } from '../../apps/api/src/queues/bullmq.adapter';
import { Ledgers, openLedgers } from '../support/settled';
import { TestApi, startTestApi } from '../support/test-api';
import { waitFor } from '../support/wait-for';
import { startTestWorker } from '../support/test-worker';
import { gpRole, handover, newPatient, postHandover } from '../support/transfers';

jest.setTimeout(60_000);

/**
 * The outbox under failure: Redis unreachable while tasks are handed over, and a relay that died
 * between queueing and marking. Every notification arrives, none twice.
 */
describe('outbox relay', () => {
  let api: TestApi;
  let ehr: Client;
  let pool: Pool;
  let ledgers: Ledgers;
  let socket: Socket;
  const received = new Map<string, number>();

  const newTaskNotifications = async (taskIds: string[]) =>
    (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE resource = ANY($1::text[])`, [taskIds.map((id) => `Task/${id}`)])).rows[0].n;

  async function handOver(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { tasks } = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp2')), categories: ['PROVESVAR', 'KONTROLL', 'SYKMELD', 'PASREISE'] }));
      ids.push(...tasks.map((t) => t.id!));
    }
    return ids;
  }

  /**
   * Once the ledgers are settled every live push has been handed to Redis; one more hand-over, pushed
   * after them over the same channel, arrives after them. When it is on the socket, so is every
   * earlier push, duplicates included: the socket's counts are final.
   */
  async function lastPushArrived(): Promise<void> {
    const fence = await handOver(1);
    await waitFor(() => fence.every((id) => received.has(`Task/${id}`)), 'the hand-over made after the others to reach the socket');
  }

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    ledgers = openLedgers(api.config);
    pool = ledgers.pool;
    socket = io(`${api.origin}/live`, { auth: { token: await api.token('gp2') }, transports: ['websocket'], forceNew: true });
    socket.on(LiveEvent.Notification, (n: { id: string; resource?: string }) => received.set(n.resource ?? n.id, (received.get(n.resource ?? n.id) ?? 0) + 1));
    await new Promise<void>((resolve) => socket.once(LiveEvent.Ready, () => resolve()));
  });
  afterAll(async () => {
    socket.disconnect();
    await ledgers.close();
    await api.close();
  });

  it('keeps accepting hand-overs with Redis unreachable, and delivers all of them, once, when it is back', async () => {
    const unreachable = loadAppConfig({ ...process.env, REDIS_URL: 'redis://127.0.0.1:1' });
    const relayPool = new Pool({ connectionString: api.config.databaseUrl, max: 2 });
    relayPool.on('error', () => undefined);
    const database = new Database(relayPool);
    const relay = new OutboxRelay(database, unreachable, new DatabaseEpoch(database));
    await relay.onApplicationBootstrap();
    try {
      const since = await ledgers.mark();
      const taskIds = await handOver(25); // 100 Tasks
      expect(taskIds).toHaveLength(100);
      await expect(relay.drain()).rejects.toThrow();
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE queued_at IS NULL AND resource_id = ANY($1::text[])`, [taskIds]);
      expect(rows[0].n).toBe(100); // per Task: its one change event (its transition among the facts)
      expect(await newTaskNotifications(taskIds)).toBe(0);

      await relay.onApplicationShutdown();
      const worker = await startTestWorker();
      try {
        await ledgers.allSettled({ since });
        expect(await newTaskNotifications(taskIds)).toBe(100);
        await lastPushArrived();
        expect(taskIds.map((id) => received.get(`Task/${id}`))).toEqual(taskIds.map(() => 1));
      } finally {
        await worker.close();
      }
    } finally {
      await relay.onApplicationShutdown().catch(() => undefined);
      await relayPool.end().catch(() => undefined);
    }
  });

  it('a relay that died after queueing but before marking causes no duplicate when the next one takes over', async () => {
    const since = await ledgers.mark();
    const taskIds = await handOver(5); // 20 Tasks, outbox rows pending: no worker runs now
    const { rows } = await pool.query<OutboxRow>(
      `SELECT id::text AS id, topic, resource_type, resource_id, version_id, payload, created_at FROM outbox WHERE queued_at IS NULL ORDER BY id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    // What the dead relay got done: every row queued under its job id, none marked.
    const redis = producerConnection(api.config);
    const queue = openQueue<OutboxRow>(QueueName.Matching, api.config, redis);
    const epoch = await new DatabaseEpoch(new Database(pool)).get();
    await queue.addBulk(rows.map((row) => ({ name: row.topic, data: row, opts: { jobId: matchingJobId(epoch, row.id) } })));
    await queue.close();
    redis.disconnect();

    const worker = await startTestWorker();
    try {
      // Settled: the next relay marked every row it found queued, and each was matched once.
      await ledgers.allSettled({ since });
      expect((await pool.query(`SELECT 1 FROM outbox WHERE queued_at IS NULL`)).rowCount).toBe(0);
      expect(await newTaskNotifications(taskIds)).toBe(20);
      await lastPushArrived();
      expect(taskIds.map((id) => received.get(`Task/${id}`))).toEqual(taskIds.map(() => 1));
    } finally {
      await worker.close();
    }
  });
});
