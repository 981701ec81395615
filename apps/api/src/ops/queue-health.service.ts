import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Database } from '../database/sql-client';
import { ProducerQueues, Queue } from '../queues/bullmq.adapter';

export interface QueueHealth {
  name: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Age of the oldest job still waiting, in seconds (0 when none waits). */
  oldestWaitingSeconds: number;
  /** Queued → processed, over the most recent completed jobs, in milliseconds. */
  latencyMs: { count: number; p50: number; p90: number; p99: number; max: number };
}

export interface OutboxHealth {
  pending: number;
  oldestPendingSeconds: number;
}

const LATENCY_SAMPLE = 200;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Depth, age and latency of every queue and of the outbox, read from Redis and PostgreSQL on demand. */
@Injectable()
export class QueueHealthService implements OnModuleDestroy {
  private readonly producer: ProducerQueues;
  private readonly queues: Array<Queue<unknown>>;

  constructor(
    private readonly database: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.producer = new ProducerQueues(config);
    this.queues = Object.values(QueueName).map((name) => this.producer.open<unknown>(name));
  }

  onModuleDestroy(): Promise<void> {
    return this.producer.close();
  }

  async outbox(): Promise<OutboxHealth> {
    const { rows } = await this.database.query<{ pending: number; oldest: number | null }>(
      `SELECT count(*)::int AS pending, EXTRACT(EPOCH FROM clock_timestamp() - min(created_at))::float AS oldest FROM outbox WHERE queued_at IS NULL`,
    );
    return { pending: rows[0].pending, oldestPendingSeconds: Math.round(rows[0].oldest ?? 0) };
  }

  async queuesHealth(): Promise<QueueHealth[]> {
    return Promise.all(
      this.queues.map(async (queue) => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
        const [oldest] = await queue.getWaiting(0, 0);
        const completed = await queue.getCompleted(0, LATENCY_SAMPLE - 1);
        const latencies = completed
          .filter((job) => job.finishedOn && job.timestamp)
          .map((job) => job.finishedOn! - job.timestamp)
          .sort((a, b) => a - b);
        return {
          name: queue.name as QueueName,
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          oldestWaitingSeconds: oldest ? Math.round((Date.now() - oldest.timestamp) / 1000) : 0,
          latencyMs: {
            count: latencies.length,
            p50: percentile(latencies, 50),
            p90: percentile(latencies, 90),
            p99: percentile(latencies, 99),
            max: latencies[latencies.length - 1] ?? 0,
          },
        };
      }),
    );
  }
}
