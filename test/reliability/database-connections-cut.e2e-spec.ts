import { Pool } from 'pg';
import { ApiProcess, BroProcess, startApiProcess, startWorkerProcess } from '../../tools/reliability/bro-process';
import { outboxMark, settled, verify } from '../../tools/reliability/delivery-ledger';
import { PrivateRedis } from '../../tools/reliability/private-redis';
import { Receiver } from '../../tools/reliability/rest-hook-receiver';
import { Callers, testDeployment } from './reliability-harness';

jest.setTimeout(120_000);

/**
 * PostgreSQL cuts every connection of this test run's database (as a restart or failover does) twice
 * in the middle of a stream of hand-overs: the API's, the worker's pool and the relay's own session.
 */
describe('database connections terminated mid-load', () => {
  let redis: PrivateRedis;
  let api: ApiProcess;
  let worker: BroProcess;
  let pool: Pool;
  let receiver: Receiver;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const prefix = `${process.env.REDIS_PREFIX}_connections_cut`;
    [api, worker] = await Promise.all([startApiProcess(testDeployment(redis.url, prefix)), startWorkerProcess(testDeployment(redis.url, prefix))]);
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    // The test's own idle connection is cut too; the pool replaces it.
    pool.on('error', () => undefined);
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await redis?.kill();
    await receiver?.close();
    await pool?.end();
  });

  /** Only this run's database, never another's: every other session on it goes. */
  async function terminateConnections(): Promise<number> {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    return rows[0].n;
  }

  afterEach(() => {
    // The API's last words, should it have died.
    if (api && process.env.RELIABILITY_DEBUG) process.stdout.write(`API:\n${api.lines.slice(-40).join('\n')}\nworker:\n${worker.lines.slice(-20).join('\n')}\n`);
  });

  it('loses nothing, writes nothing by halves, and delivers in order', async () => {
    const callers = new Callers(api);
    const subscriptionId = await callers.subscribe(receiver, 'gp');
    const sinceOutboxId = await outboxMark(pool);
    const taskIds: string[] = [];
    const overdueTaskIds: string[] = [];
    const cut: number[] = [];
    let lastCutAt = 0;
    for (let i = 0; i < 40; i += 5) {
      const batch = Promise.all(
        [0, 1, 2, 3, 4].map(async (j) => {
          const overdue = (i + j) % 8 === 5;
          return { overdue, taskId: await callers.handOverAndAccept('gp', overdue) };
        }),
      );
      if (i === 10 || i === 25) {
        // While the batch's requests and the worker's matching are under way.
        await new Promise((done) => setTimeout(done, 30));
        cut.push(await terminateConnections());
        lastCutAt = Date.now();
      }
      for (const { overdue, taskId } of await batch) {
        taskIds.push(taskId);
        if (overdue) overdueTaskIds.push(taskId);
      }
    }
    const expectations = { taskIds, overdueTaskIds, subscriptionId, sinceOutboxId };
    await settled(pool, expectations);
    const { duplicates } = await verify(pool, receiver, expectations);
    process.stdout.write(
      `Connections terminated (${cut.join(' and ')} sessions): recovered ${Date.now() - lastCutAt} ms after the last cut; ` +
        `${receiver.first.length} deliveries, ${duplicates} duplicate POSTs de-duplicated by event id\n`,
    );
    await callers.unsubscribe(subscriptionId);
  });
});
