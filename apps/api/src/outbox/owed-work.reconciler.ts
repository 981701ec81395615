import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { openRedisConnection } from '../redis/redis.connection';
import { OutboxRelay } from './outbox.relay';
import { OwedWorkRegistry } from './owed-work';

/** The longest pause between two scans for overdue work, whatever the timeout: recovery should not wait on the scan. */
const MAX_SCAN_MILLISECONDS = 5_000;
/** How often it looks whether Redis has lost its data: one EXISTS, so that recovery starts a second after Redis is back. */
const LOOK_MILLISECONDS = 1_000;
/** A key that exists while Redis still holds the jobs queued since it was set: gone, Redis lost its data. */
const QUEUED_MARKER = 'owed-work-queued';

/**
 * Re-drives what PostgreSQL says is owed but the queues may have lost: every kind of owed work queues
 * again, under the same job ids, what has been owed longer than RECONCILE_AFTER_MS. One process does
 * it at a time, the one that leads the outbox relay. Redis forgetting its data (a restart without
 * persistence, a failover to a replica behind) then costs a delay, never a notification.
 *
 * When Redis has lost all its data (the marker key this sets is gone) nothing it held can be waiting any
 * more: everything owed goes back at once, reminders days ahead included, without waiting for the timeout.
 */
@Injectable()
export class OwedWorkReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private redis?: Redis;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private lastScan = 0;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly owed: OwedWorkRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.redis = openRedisConnection(this.config.redisUrl, 'bro-reconciler');
    // While Redis is away the look fails and is tried again; the queues report the outage.
    this.redis.on('error', () => undefined);
    const scanEvery = Math.min(MAX_SCAN_MILLISECONDS, Math.max(100, Math.round(this.config.reconcileAfterMs / 3)));
    this.timer = setInterval(
      () => {
        this.running ??= this.tick(scanEvery).finally(() => (this.running = undefined));
      },
      Math.min(LOOK_MILLISECONDS, scanEvery),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.redis?.disconnect();
  }

  private async tick(scanEvery: number): Promise<number> {
    const lost = await this.redisLostItsData().catch(() => false);
    if (!lost && Date.now() - this.lastScan < scanEvery) return 0;
    return this.reconcile(lost);
  }

  /** Whether the marker is gone: Redis restarted empty (or this deployment has never queued anything). */
  private async redisLostItsData(): Promise<boolean> {
    return (await this.redis!.exists(this.markerKey())) === 0;
  }

  private markerKey(): string {
    return `${this.config.redisPrefix}:${QUEUED_MARKER}`;
  }

  /**
   * One pass over every kind of owed work (when this process leads); answers how much went back to the
   * queues. `redisLostData`: all of it, however recent; the marker is set again once every kind is through.
   */
  async reconcile(redisLostData = false): Promise<number> {
    try {
      if (!(await this.relay.leads())) return 0;
    } catch {
      return 0; // the database is away; the relay says so
    }
    this.lastScan = Date.now();
    const olderThanMs = redisLostData ? 0 : this.config.reconcileAfterMs;
    let requeued = 0;
    let complete = true;
    // Oldest link of the chain first: the events, then what matching made of them.
    for (const work of [this.relay, ...this.owed.all()]) {
      try {
        const count = await work.requeueOverdue(olderThanMs, redisLostData);
        if (count > 0) this.logger.warn(`queued ${count} ${work.owedWhat} again: ${redisLostData ? 'Redis lost its data' : `owed for more than ${olderThanMs} ms`}`);
        requeued += count;
      } catch (error) {
        complete = false;
        this.logger.warn(`${work.owedWhat} not reconciled yet: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (redisLostData && complete) await this.redis!.set(this.markerKey(), new Date().toISOString()).catch(() => undefined);
    return requeued;
  }
}
