import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Database } from '../database/sql-client';
import { OwedJob, ProducerQueues, Queue, requeueOwed } from '../queues/bullmq.adapter';
import { OutboxRow, matchingJobId } from './outbox-row';
import { DatabaseEpoch } from '../database/database-epoch';
import { OWED_PAGE, OwedWork, requeuePages } from './owed-work';
import { within } from '../common/time/within';

const BATCH = 500;
/**
 * How often an idle relay looks for new rows: one index-only probe of a partial index. Short,
 * because a notification should reach the GP in well under a second; a busy relay does not wait.
 */
const POLL_MILLISECONDS = 20;
/** One relay moves the outbox at a time (order matters); the others stand by on this lock. */
const RELAY_LOCK = 7_120_301;
/** BullMQ waits for a connection that is not there; the relay gives up the batch instead and tries again. */
const QUEUE_TIMEOUT_MILLISECONDS = 3_000;

/** The matching job of an outbox row: the same row always makes the same job, whoever queues it. */
function matchingJob(epoch: string, row: OutboxRow): OwedJob<OutboxRow> {
  return {
    name: row.topic,
    data: row,
    opts: { jobId: matchingJobId(epoch, row.id), removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 }, attempts: 5, backoff: { type: 'exponential', delay: 500 } },
  };
}

/**
 * Moves committed outbox rows to the matching queue, in id order, and marks them queued. Queued is
 * not done: an event is done when matching has committed what it owes (`done_at`, in the same
 * transaction), and one queued but not done for a while is queued again by the reconciler
 * (`requeueOverdue`, same job id). It polls
 * (see POLL_MILLISECONDS) rather than LISTENs: a NOTIFY per write would serialise the commits of all
 * concurrent writers on PostgreSQL's notification queue lock. A job's id is its outbox
 * id: a relay that dies between queueing and marking queues the same ids again, and BullMQ keeps
 * one job per id. With Redis down nothing is marked; the rows wait until it is back.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown, OwedWork {
  readonly owedWhat = 'outbox events';
  private readonly logger = new Logger('OutboxRelay');
  /** The relay's own session: it holds the leader lock and runs the idle probes. */
  private listener?: Client;
  private producer?: ProducerQueues;
  private queue?: Queue<OutboxRow>;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;
  private leader = false;

  constructor(
    private readonly database: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly epoch: DatabaseEpoch,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Redis errors are reported where they matter: when a batch cannot be queued.
    this.producer = new ProducerQueues(this.config);
    this.queue = this.producer.open<OutboxRow>(QueueName.Matching);
    await this.session().catch((error: unknown) => this.logger.warn(`outbox session not open yet: ${error instanceof Error ? error.message : String(error)}`));
    this.timer = setInterval(() => this.wake(), POLL_MILLISECONDS);
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    await this.producer?.close();
  }

  /** Drains now, or right after the drain in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`outbox not relayed yet: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Relays everything pending; resolves when the outbox is empty (or this relay is not the leader). */
  async drain(): Promise<number> {
    if (!(await this.leads())) return 0;
    // The idle case, fifty times a second: one probe of the partial index, no transaction.
    const { rows: pending } = await (await this.session()).query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM outbox WHERE queued_at IS NULL) AS any');
    if (!pending[0].any) return 0;
    let moved = 0;
    const epoch = await this.epoch.get();
    for (;;) {
      const count = await this.database.transaction(async (client) => {
        const { rows } = await client.query<OutboxRow>(
          `SELECT id::text AS id, topic, resource_type, resource_id, version_id, payload, created_at
             FROM outbox WHERE queued_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE`,
        );
        if (rows.length === 0) return 0;
        // Not marked unless queued: with Redis away the rows stay pending (and unlocked) until it is back.
        await within(
          this.queue!.addBulk(rows.map((row) => matchingJob(epoch, row))),
          QUEUE_TIMEOUT_MILLISECONDS,
          'Redis',
        );
        await client.query(`UPDATE outbox SET queued_at = clock_timestamp() WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
        return rows.length;
      });
      moved += count;
      if (count < BATCH) return moved;
    }
  }

  /**
   * Whether this process leads: it relays the outbox and reconciles owed work, the others stand by.
   * The lock lives as long as the relay's own session; when that session is lost (PostgreSQL
   * restarted, the connection terminated), so is the lead, and the next call opens a new session and
   * tries again, while another process may take over meanwhile.
   */
  async leads(): Promise<boolean> {
    if (this.leader) return true;
    const { rows } = await (await this.session()).query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RELAY_LOCK]);
    this.leader = rows[0].locked;
    if (this.leader) this.logger.log('relaying the outbox');
    return this.leader;
  }

  /** The relay's session, opened again after it was lost. */
  private async session(): Promise<Client> {
    if (this.listener) return this.listener;
    const client = new Client({ connectionString: this.config.databaseUrl });
    const lost = (why: string) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      if (this.leader) this.logger.warn(`outbox session lost (${why}): no longer leading until it is back`);
      this.leader = false;
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('closed'));
    this.listener = client;
    try {
      await client.connect();
    } catch (error) {
      lost(error instanceof Error ? error.message : String(error));
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  /**
   * Queues again the events that were queued but are not done after `olderThanMs`: matching never
   * committed them (Redis lost the job, or its attempts ran out while the database was away). A job
   * still in Redis is left alone.
   */
  async requeueOverdue(olderThanMs: number): Promise<number> {
    const epoch = await this.epoch.get();
    return requeuePages(
      async (after: string | undefined) =>
        (
          await this.database.query<OutboxRow>(
            `SELECT id::text AS id, topic, resource_type, resource_id, version_id, payload, created_at
               FROM outbox WHERE done_at IS NULL AND id > $1::bigint AND queued_at < clock_timestamp() - $2 * interval '1 millisecond'
              ORDER BY id LIMIT ${OWED_PAGE}`,
            [after ?? '0', olderThanMs],
          )
        ).rows,
      (row) => row.id,
      async (rows) => {
        const { added, retried } = await within(requeueOwed(this.queue!, rows.map((row) => matchingJob(epoch, row))), QUEUE_TIMEOUT_MILLISECONDS, 'Redis');
        return added + retried;
      },
    );
  }
}
