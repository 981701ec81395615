import Redis from 'ioredis';
import { Pool } from 'pg';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../../apps/api/src/config/app-config';
import { openQueue } from '../../apps/api/src/queues/bullmq.adapter';
import { waitFor } from '../support/wait-for';
import { ApiProcess, BroProcess, startApiProcess, startWorkerProcess } from '../../tools/reliability/bro-process';
import { outboxMark, settled, verify } from '../../tools/reliability/delivery-ledger';
import { PrivateRedis } from '../../tools/reliability/private-redis';
import { Receiver } from '../../tools/reliability/rest-hook-receiver';
import { Callers, testDeployment } from './reliability-harness';

jest.setTimeout(120_000);

/**
 * Redis stops in the middle of a stream of hand-overs and comes back empty (no persistence): the jobs
 * it held are gone. What PostgreSQL records as owed is queued again, so nothing is lost.
 */
describe('Redis losing its data mid-load', () => {
  let redis: PrivateRedis;
  let api: ApiProcess;
  let worker: BroProcess;
  let pool: Pool;
  let receiver: Receiver;
  let prefix: string;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    prefix = `${process.env.REDIS_PREFIX}_redis_loss`;
    [api, worker] = await Promise.all([startApiProcess(testDeployment(redis.url, prefix)), startWorkerProcess(testDeployment(redis.url, prefix))]);
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await redis?.kill();
    await receiver?.close();
    await pool?.end();
  });

  it('delivers every change once and in order, and keeps the reminders, after Redis came back empty', async () => {
    const callers = new Callers(api);
    const subscriptionId = await callers.subscribe(receiver, 'gp');
    const sinceOutboxId = await outboxMark(pool);
    const taskIds: string[] = [];
    const overdueTaskIds: string[] = [];
    let backAt = 0;
    // Five at a time, so work is under way in the queues when Redis goes.
    for (let i = 0; i < 40; i += 5) {
      if (i === 10) await redis.kill();
      if (i === 25) {
        await redis.start();
        backAt = Date.now();
      }
      const batch = await Promise.all(
        [0, 1, 2, 3, 4].map(async (j) => {
          const overdue = (i + j) % 8 === 3;
          return { overdue, taskId: await callers.handOverAndAccept('gp', overdue) };
        }),
      );
      for (const { overdue, taskId } of batch) {
        taskIds.push(taskId);
        if (overdue) overdueTaskIds.push(taskId);
      }
    }
    const expectations = { taskIds, overdueTaskIds, subscriptionId, sinceOutboxId };
    const recoveredIn = await settled(pool, expectations);
    const { duplicates } = await verify(pool, receiver, expectations);
    // The reminders days ahead are back in the emptied Redis too, not only in PostgreSQL.
    const reminders = openQueue(QueueName.Reminders, { redisPrefix: prefix } as AppConfig, new Redis(redis.url, { maxRetriesPerRequest: null }));
    try {
      const firstTasks = taskIds.slice(0, 10).filter((id) => !overdueTaskIds.includes(id));
      await waitFor(async () => (await Promise.all(firstTasks.map((id) => reminders.getJob(`reminder-task-${id}-due-soon-0`)))).every(Boolean), 'the reminders planned before Redis was emptied');
    } finally {
      await reminders.close();
      (await reminders.client).disconnect();
    }
    const requeued = worker.lines.filter((line) => / again: /.test(line));
    process.stdout.write(
      `Redis emptied: recovered ${Date.now() - backAt} ms after Redis came back (${recoveredIn} ms after the last change); ` +
        `${receiver.first.length} deliveries, ${duplicates} duplicate POSTs de-duplicated by event id; the reconciler: ${requeued.map((line) => line.replace(/^.*\[Reconciler\] /, '')).join(' | ')}\n`,
    );
    await callers.unsubscribe(subscriptionId);
  });
});
