import { Pool } from 'pg';
import { ApiProcess, BroProcess, startApiProcess, startWorkerProcess } from '../../tools/reliability/bro-process';
import { outboxMark, settled, verify } from '../../tools/reliability/delivery-ledger';
import { PrivateRedis } from '../../tools/reliability/private-redis';
import { Receiver } from '../../tools/reliability/rest-hook-receiver';
import { Callers, testDeployment } from './reliability-harness';

jest.setTimeout(120_000);

/**
 * The worker is killed (-9: no shutdown, jobs left locked, a matching transaction cut off) while it
 * is matching and delivering a stream of hand-overs; a new worker takes over.
 */
describe('a worker killed mid-batch', () => {
  let redis: PrivateRedis;
  let api: ApiProcess;
  let worker: BroProcess;
  let successor: BroProcess | undefined;
  let pool: Pool;
  let receiver: Receiver;
  let prefix: string;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    prefix = `${process.env.REDIS_PREFIX}_worker_killed`;
    [api, worker] = await Promise.all([startApiProcess(testDeployment(redis.url, prefix)), startWorkerProcess(testDeployment(redis.url, prefix))]);
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop(), successor?.stop()]);
    await redis?.kill();
    await receiver?.close();
    await pool?.end();
  });

  it('loses nothing and sends nothing twice to a de-duplicating receiver, in order', async () => {
    const callers = new Callers(api);
    const subscriptionId = await callers.subscribe(receiver, 'gp');
    const sinceOutboxId = await outboxMark(pool);
    const taskIds: string[] = [];
    const overdueTaskIds: string[] = [];
    let killedAt = 0;
    // Six at a time; the worker is killed once it has matched some of the stream and not all.
    const load = (async () => {
      for (let i = 0; i < 42; i += 6) {
        const batch = await Promise.all(
          [0, 1, 2, 3, 4, 5].map(async (j) => {
            const overdue = (i + j) % 7 === 2;
            return { overdue, taskId: await callers.handOverAndAccept('gp', overdue) };
          }),
        );
        for (const { overdue, taskId } of batch) {
          taskIds.push(taskId);
          if (overdue) overdueTaskIds.push(taskId);
        }
      }
    })();
    for (;;) {
      const { rows } = await pool.query<{ done: number; open: number }>(
        `SELECT count(*) FILTER (WHERE done_at IS NOT NULL)::int AS done, count(*) FILTER (WHERE done_at IS NULL)::int AS open FROM outbox WHERE id > $1::bigint`,
        [sinceOutboxId],
      );
      if (rows[0].done >= 20 && rows[0].open > 0) break;
      await new Promise((done) => setTimeout(done, 5));
    }
    await worker.kill9();
    killedAt = Date.now();
    successor = await startWorkerProcess(testDeployment(redis.url, prefix));
    const startedIn = Date.now() - killedAt;
    await load;
    const expectations = { taskIds, overdueTaskIds, subscriptionId, sinceOutboxId };
    await settled(pool, expectations);
    const { duplicates } = await verify(pool, receiver, expectations);
    process.stdout.write(
      `Worker killed: recovered ${Date.now() - killedAt} ms after the kill (the new worker started in ${startedIn} ms); ` +
        `${receiver.first.length} deliveries, ${duplicates} duplicate POSTs de-duplicated by event id\n`,
    );
    await callers.unsubscribe(subscriptionId);
  });
});
