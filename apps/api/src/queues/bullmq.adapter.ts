import { DelayedError, Job, JobsOptions, Processor, Queue, Worker, WorkerOptions } from 'bullmq';
import Redis from 'ioredis';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { openWaitingRedisConnection, reconnectDelay } from '../redis/redis.connection';

export type { Job, JobsOptions, Queue, Worker };
export { DelayedError };

/**
 * The one file that knows BullMQ. Producers fail fast while Redis is down (the outbox keeps what
 * was not queued); workers wait for Redis to come back (BullMQ needs maxRetriesPerRequest: null).
 */
export function producerConnection(config: AppConfig): Redis {
  return new Redis(config.redisUrl, { connectionName: 'bro-producer', enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: reconnectDelay });
}

export function openQueue<T>(name: QueueName, config: AppConfig, connection: Redis): Queue<T> {
  return new Queue<T>(name, { connection, prefix: `${config.redisPrefix}:bull` });
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
  const worker = new Worker<T>(name, processor, { connection, prefix: `${config.redisPrefix}:bull`, concurrency: 32, runRetryDelay: WORKER_RETRY_DELAY_MS, ...options });
  // BullMQ leaves a connection it was given open; this one is the worker's own, so it goes with it.
  worker.on('closed', () => connection.disconnect());
  // Connection errors while Redis is away are retried by the connection itself; failed jobs are each processor's to report.
  worker.on('error', () => undefined);
  return worker;
}
