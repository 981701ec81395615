import { Pool } from 'pg';
import { ApiProcess, BroProcess, startApiProcess, startWorkerProcess } from '../../tools/reliability/bro-process';
import { outboxMark, settled, verify } from '../../tools/reliability/delivery-ledger';
import { PrivateRedis } from '../../tools/reliability/private-redis';
import { Receiver } from '../../tools/reliability/rest-hook-receiver';
import { Callers, testDeployment } from './reliability-harness';

jest.setTimeout(120_000);

/**
 * Three worker processes match and deliver side by side: versions of one task matched by different
 * processes still reach a Subscription oldest first.
 */
describe('order across worker processes', () => {
  let redis: PrivateRedis;
  let api: ApiProcess;
  let workers: BroProcess[] = [];
  let pool: Pool;
  let receiver: Receiver;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const prefix = `${process.env.REDIS_PREFIX}_three_workers`;
    const deployment = testDeployment(redis.url, prefix);
    [api, ...workers] = await Promise.all([startApiProcess(deployment), startWorkerProcess(deployment), startWorkerProcess(deployment), startWorkerProcess(deployment)]);
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), ...workers.map((worker) => worker.stop())]);
    await redis?.kill();
    await receiver?.close();
    await pool?.end();
  });

  it('delivers every version of every task once, oldest first', async () => {
    const callers = new Callers(api);
    const subscriptionId = await callers.subscribe(receiver, 'gp');
    const sinceOutboxId = await outboxMark(pool);
    // Each task handed over, accepted and completed at once: three versions in quick succession, ten tasks at a time.
    const taskIds = (await Promise.all(Array.from({ length: 3 }, () => Promise.all(Array.from({ length: 10 }, () => callers.handOverAndAccept('gp', false, true)))))).flat();
    const expectations = { taskIds, overdueTaskIds: [], subscriptionId, sinceOutboxId, completed: true };
    const recoveredIn = await settled(pool, expectations);
    const { duplicates } = await verify(pool, receiver, expectations);
    const matchedBy = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE id > $1::bigint`, [sinceOutboxId]);
    process.stdout.write(
      `Three workers: ${receiver.first.length} deliveries of ${taskIds.length} tasks in order (${matchedBy.rows[0].n} events), settled ${recoveredIn} ms after the last change, ${duplicates} duplicate POSTs\n`,
    );
    await callers.unsubscribe(subscriptionId);
  });
});
