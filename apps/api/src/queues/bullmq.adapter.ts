import { DelayedError, Job, JobsOptions, Processor, Queue, Worker, WorkerOptions } from 'bullmq';
import Redis from 'ioredis';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { openRedisConnection, openWaitingRedisConnection } from '../redis/redis.connection';

export type { Job, JobsOptions, Queue, Worker };
export { DelayedError };

/**
 * The one file that knows BullMQ. Producers fail fast while Redis is down (the outbox keeps what
 * was not queued); workers wait for Redis to come back (BullMQ needs maxRetriesPerRequest: null).
 */
export function producerConnection(config: AppConfig): Redis {
  return openRedisConnection(config.redisUrl, 'bro-producer');
}

/** How long closing waits for a queue or worker that is still connecting before it closes anyway (Redis away). */
const START_SETTLE_MS = 2_000;

/**
 * Waits until a queue or worker has connected, or gave up, or for START_SETTLE_MS. BullMQ closed while it is
 * still connecting removes its listeners and then reports the aborted connection as an 'error' event no one
 * hears: an unhandled rejection, which stops a process (taskforcesh/bullmq#3546). A process stopped within a
 * second of starting (a deploy rolled back, a test) closes that way.
 */
async function connectingSettled(closable: { waitUntilReady(): Promise<unknown> }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const givenUp = new Promise<void>((done) => {
    timer = setTimeout(done, START_SETTLE_MS);
    timer.unref();
  });
  await Promise.race([closable.waitUntilReady().catch(() => undefined), givenUp]);
  clearTimeout(timer);
}

/** A queue that lets its connection settle before it closes (see connectingSettled). */
class SettlingQueue<T> extends Queue<T> {
  override async close(): Promise<void> {
    await connectingSettled(this);
    await super.close();
  }
}

/** A worker that lets its connections settle before it closes (see connectingSettled). */
class SettlingWorker<T> extends Worker<T> {
  override async close(force?: boolean): Promise<void> {
    await connectingSettled(this);
    await super.close(force);
  }
}

export function openQueue<T>(name: QueueName, config: AppConfig, connection: Redis): Queue<T> {
  return new SettlingQueue<T>(name, { connection, prefix: `${config.redisPrefix}:bull` });
}

/**
 * A producer connection of its own and the queues opened on it, closed together. Connection errors
 * while Redis is away are not reported here: they surface where a job is added, which fails fast.
 */
export class ProducerQueues {
  private readonly connection: Redis;
  private readonly opened: Array<Queue<unknown>> = [];

  constructor(private readonly config: AppConfig) {
    this.connection = producerConnection(config);
    this.connection.on('error', () => undefined);
  }

  open<T>(name: QueueName): Queue<T> {
    const queue = openQueue<T>(name, this.config, this.connection);
    queue.on('error', () => undefined);
    this.opened.push(queue as Queue<unknown>);
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((queue) => queue.close().catch(() => undefined)));
    this.connection.disconnect();
  }
}

/** BullMQ pauses this long after a connection error (15 s by default): jobs would wait that long after Redis is back. */
const WORKER_RETRY_DELAY_MS = 1_000;

export function startWorker<T>(name: QueueName, config: AppConfig, processor: Processor<T>, options: Partial<WorkerOptions> = {}): Worker<T> {
  const connection = openWaitingRedisConnection(config.redisUrl, `bro-worker-${name}`);
  // A worker that dies mid-job (a kill, a crash) leaves its jobs locked until the lock runs out; then another worker runs them.
  const worker = new SettlingWorker<T>(name, processor, { connection, prefix: `${config.redisPrefix}:bull`, concurrency: 32, lockDuration: config.jobLockMs, stalledInterval: config.jobLockMs, runRetryDelay: WORKER_RETRY_DELAY_MS, ...options });
  // BullMQ leaves a connection it was given open; this one is the worker's own, so it goes with it.
  worker.on('closed', () => connection.disconnect());
  // Connection errors while Redis is away are retried by the connection itself; failed jobs are each processor's to report.
  worker.on('error', () => undefined);
  return worker;
}

/** A job as it is (re-)queued: its id is what makes queueing it again harmless. */
export interface OwedJob<T> {
  name: string;
  data: T;
  opts: JobsOptions & { jobId: string };
}

/**
 * Queues owed work again under the same job ids. A job Redis still knows (waiting, delayed, running or
 * finished) is left alone, so work that is merely slow is not done twice; a failed one (its attempts
 * used up, its effects not committed) is retried; a missing one (Redis forgot it) is added. One
 * pipelined round trip to look, one to add.
 */
export async function requeueOwed<T>(queue: Queue<T>, jobs: Array<OwedJob<T>>): Promise<{ added: number; retried: number }> {
  if (jobs.length === 0) return { added: 0, retried: 0 };
  const states = await Promise.all(jobs.map((job) => queue.getJobState(job.opts.jobId)));
  const missing = jobs.filter((_, i) => states[i] === 'unknown');
  const failed = jobs.filter((_, i) => states[i] === 'failed');
  // addBulk's types want the queue's own name type; the names here are plain strings.
  if (missing.length > 0) await (queue as unknown as Queue).addBulk(missing);
  await Promise.all(failed.map(async (job) => (await queue.getJob(job.opts.jobId))?.retry('failed')));
  return { added: missing.length, retried: failed.length };
}
