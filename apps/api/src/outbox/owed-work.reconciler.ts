import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { OutboxRelay } from './outbox.relay';
import { OwedWorkRegistry } from './owed-work';

/** The longest pause between two looks, whatever the timeout: recovery should not wait on the scan. */
const MAX_SCAN_MILLISECONDS = 5_000;

/**
 * Re-drives what PostgreSQL says is owed but the queues may have lost: every kind of owed work queues
 * again, under the same job ids, what has been owed longer than RECONCILE_AFTER_MS. One process does
 * it at a time, the one that leads the outbox relay. Redis forgetting its data (a restart without
 * persistence, a failover to a replica behind) then costs a delay, never a notification.
 */
@Injectable()
export class OwedWorkReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly owed: OwedWorkRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = Math.min(MAX_SCAN_MILLISECONDS, Math.max(100, Math.round(this.config.reconcileAfterMs / 3)));
    this.timer = setInterval(() => {
      this.running ??= this.reconcile().finally(() => (this.running = undefined));
    }, every);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass over every kind of owed work (when this process leads); answers how much went back to the queues. */
  async reconcile(): Promise<number> {
    try {
      if (!(await this.relay.leads())) return 0;
    } catch {
      return 0; // the database is away; the relay says so
    }
    let requeued = 0;
    // Oldest link of the chain first: the events, then what matching made of them.
    for (const work of [this.relay, ...this.owed.all()]) {
      try {
        const count = await work.requeueOverdue(this.config.reconcileAfterMs);
        if (count > 0) this.logger.warn(`queued ${count} ${work.owedWhat} again: owed for more than ${this.config.reconcileAfterMs} ms`);
        requeued += count;
      } catch (error) {
        this.logger.warn(`${work.owedWhat} not reconciled yet: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return requeued;
  }
}
