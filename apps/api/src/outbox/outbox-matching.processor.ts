import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Database } from '../database/sql-client';
import { JobBatcher } from '../queues/job-batcher';
import { Worker, startWorker } from '../queues/bullmq.adapter';
import { OutboxHandlerRegistry } from './outbox-handler.registry';
import { OutboxRow } from './outbox-row';
import { OwedByBatch } from './owed-by-batch';
import { OwedChannels } from './owed-channels';

/** Events matched together at most; the worker takes twice as many jobs, so the next batch gathers while one runs. */
const MAX_BATCH = 50;

/**
 * Matches outbox events to what they owe, through the handlers features register (notifications,
 * reminders, Subscription deliveries, board marks): an event is done when everything its handlers owe
 * has committed, in the same statement as its done mark.
 */
@Injectable()
export class OutboxMatchingProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxMatching');
  private worker?: Worker<OutboxRow>;

  constructor(
    private readonly database: Database,
    private readonly handlers: OutboxHandlerRegistry,
    private readonly channels: OwedChannels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // The next batch starts once this one has served people and systems; each job is done when all of its batch's stages are.
    const batcher = new JobBatcher<OutboxRow, { later: Promise<void> }>(async (events) => {
      const stages = await this.process(events);
      return events.map(() => stages);
    }, MAX_BATCH);
    this.worker = startWorker<OutboxRow>(QueueName.Matching, this.config, async (job) => (await batcher.add(job.data)).later, { concurrency: MAX_BATCH * 2 });
    this.worker.on('failed', (job, error) => this.logger.warn(`outbox event ${job?.data.id} not matched yet: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /**
   * Matches a batch of events: each step is one round trip for the whole batch, not one per event.
   * The handlers read side by side (who is owed what, the resources as they are now), then what they
   * owe commits in one statement with the events' done mark; only then is it queued.
   */
  async process(events: OutboxRow[]): Promise<{ later: Promise<void> }> {
    const owed = new OwedByBatch(this.channels);
    await Promise.all(this.handlers.dispatch(events).map(({ handler, events: taken }) => handler.handle(taken, owed)));
    return owed.commit(this.database, events.map((event) => event.id));
  }
}
