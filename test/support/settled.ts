import Redis from 'ioredis';
import { Pool } from 'pg';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../../apps/api/src/config/app-config';
import { deliveryJobId, matchingJobId } from '../../apps/api/src/outbox/outbox-row';
import { Queue, openQueue } from '../../apps/api/src/queues/bullmq.adapter';

/**
 * Proving that something did *not* happen (no second notification, no delivery to a Subscription
 * that does not match) takes a positive end state first: everything the test's changes set off is
 * finished, as the ledgers record it, and the queues are drained. Only then is a count final. A test
 * that slept and then counted would pass merely because the work was slow.
 *
 * What is finished, in the order the work flows (each step is checked after the one feeding it, so a
 * job added by a finished step is already visible to the next check):
 *  1. every outbox row is relayed (`queued_at`), and each row of the test's changes is matched: its
 *     `done_at` is set where the outbox records that, or else its matching job completed;
 *  2. each notification stored since the mark is pushed (`pushed_at` where recorded, or its live
 *     delivery job completed);
 *  3. each delivery owed to the test's own Subscriptions is settled in `subscription_delivery` and its
 *     job is no longer running or waiting to retry (another test file's Subscription, whose receiver
 *     may be long gone, is retried for hours by design and is none of this test's business);
 *  4. no reminder is due and unsent (`owed_reminder` where recorded, and the reminders queue);
 *  5. the matching and live delivery queues of this run's key prefix hold nothing waiting, running or
 *     delayed, and the Subscription and reminder queues nothing waiting or running.
 * A job that failed for good fails the wait at once, with its reason.
 */

/** Where the ledgers stood before a test's changes: what comes after is the test's to settle. */
export interface LedgerMark {
  outboxId: string;
  notificationId: string;
}

export type SettleQueues = Record<QueueName.Matching | QueueName.InAppDelivery | QueueName.RestHookDelivery | QueueName.WebsocketDelivery | QueueName.Reminders, Queue>;

export interface SettleOptions {
  pool: Pool;
  queues: SettleQueues;
  /** The test's changes are the ones after this mark; without it only the run-wide checks (relayed, drained) apply. */
  since?: LedgerMark;
  /** The test's own Subscriptions: every delivery owed to them must be settled too, whatever change it came from. */
  subscriptionIds?: string[];
  timeoutMs?: number;
}

const POLL_MILLISECONDS = 50;

/** Ledger columns added as the outbox grows "finished when its consumer committed" bookkeeping; used where present. */
interface LedgerColumns {
  outboxDone: boolean;
  notificationPushed: boolean;
  owedReminders: boolean;
}

async function ledgerColumns(pool: Pool): Promise<LedgerColumns> {
  const { rows } = await pool.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name IN ('outbox', 'notification', 'owed_reminder')`,
  );
  const has = (table: string, column?: string) => rows.some((row) => row.table_name === table && (!column || row.column_name === column));
  return { outboxDone: has('outbox', 'done_at'), notificationPushed: has('notification', 'pushed_at'), owedReminders: has('owed_reminder') };
}

/** The queue job ids of this database carry its epoch (see DatabaseEpoch). */
async function databaseEpoch(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ oid: string }>(`SELECT oid::text AS oid FROM pg_database WHERE datname = current_database()`);
  return rows[0].oid;
}

export async function ledgerMark(pool: Pool): Promise<LedgerMark> {
  const { rows } = await pool.query<{ outbox_id: string; notification_id: string }>(
    `SELECT (SELECT coalesce(max(id), 0)::text FROM outbox) AS outbox_id, (SELECT coalesce(max(id), 0)::text FROM notification) AS notification_id`,
  );
  return { outboxId: rows[0].outbox_id, notificationId: rows[0].notification_id };
}

/** The queues the settle checks read, on a connection of their own (close it with `closeSettleQueues`). */
export function openSettleQueues(config: AppConfig): SettleQueues {
  const connection = new Redis(config.redisUrl, { connectionName: 'bro-test-settle', maxRetriesPerRequest: null });
  return {
    [QueueName.Matching]: openQueue(QueueName.Matching, config, connection),
    [QueueName.InAppDelivery]: openQueue(QueueName.InAppDelivery, config, connection),
    [QueueName.RestHookDelivery]: openQueue(QueueName.RestHookDelivery, config, connection),
    [QueueName.WebsocketDelivery]: openQueue(QueueName.WebsocketDelivery, config, connection),
    [QueueName.Reminders]: openQueue(QueueName.Reminders, config, connection),
  };
}

export async function closeSettleQueues(queues: SettleQueues): Promise<void> {
  const all = Object.values(queues);
  await Promise.all(all.map((queue) => queue.close()));
  (await all[0].client).disconnect();
}

/** Whether a job has finished; throws when it failed for good (a test then fails with the reason, not a timeout). */
async function finished(queue: Queue, jobId: string, what: string): Promise<boolean> {
  const state = await queue.getJobState(jobId);
  if (state === 'completed') return true;
  if (state === 'failed') {
    const job = await queue.getJob(jobId);
    throw new Error(`${what} failed for good: ${job?.failedReason ?? 'no reason recorded'}`);
  }
  return false;
}

/** Each probe answers what is still unsettled (undefined: nothing); the first answer is reported on timeout. */
type Probe = () => Promise<string | undefined>;

function probes(options: SettleOptions, columns: LedgerColumns, epoch: string): Probe[] {
  const { pool, queues, since, subscriptionIds = [] } = options;
  // Settled once is settled for good: later rounds only look at what was not.
  const matched = new Set<string>();
  const pushed = new Set<string>();
  const delivered = new Set<string>();

  const relayed: Probe = async () => {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE queued_at IS NULL`);
    return rows[0].n > 0 ? `${rows[0].n} outbox rows not relayed to the matching queue` : undefined;
  };

  const outboxMatched: Probe = async () => {
    if (!since) return undefined;
    const { rows } = await pool.query<{ id: string; done: boolean }>(
      `SELECT id::text AS id, ${columns.outboxDone ? 'done_at IS NOT NULL' : 'false'} AS done FROM outbox WHERE id > $1::bigint ORDER BY id`,
      [since.outboxId],
    );
    const open = rows.filter((row) => !row.done && !matched.has(row.id));
    const states = await Promise.all(open.map((row) => finished(queues[QueueName.Matching], matchingJobId(epoch, row.id), `matching of outbox row ${row.id}`)));
    open.forEach((row, i) => states[i] && matched.add(row.id));
    rows.filter((row) => row.done).forEach((row) => matched.add(row.id));
    const left = rows.length - matched.size;
    return left > 0 ? `${left} of the test's ${rows.length} outbox rows not matched yet` : undefined;
  };

  const notificationsPushed: Probe = async () => {
    if (!since) return undefined;
    const { rows } = await pool.query<{ id: string; done: boolean }>(
      `SELECT id::text AS id, ${columns.notificationPushed ? 'pushed_at IS NOT NULL' : 'false'} AS done FROM notification WHERE id > $1::bigint ORDER BY id`,
      [since.notificationId],
    );
    const open = rows.filter((row) => !row.done && !pushed.has(row.id));
    const states = await Promise.all(open.map((row) => finished(queues[QueueName.InAppDelivery], deliveryJobId(epoch, row.id), `the live delivery of notification ${row.id}`)));
    open.forEach((row, i) => states[i] && pushed.add(row.id));
    rows.filter((row) => row.done).forEach((row) => pushed.add(row.id));
    const left = rows.length - pushed.size;
    return left > 0 ? `${left} of ${rows.length} new notifications not pushed yet` : undefined;
  };

  const deliveriesSettled: Probe = async () => {
    if (subscriptionIds.length === 0) return undefined;
    const { rows } = await pool.query<{ event_id: string; state: string }>(`SELECT event_id, state FROM subscription_delivery WHERE subscription_id = ANY($1::text[])`, [subscriptionIds]);
    const owed = rows.filter((row) => row.state === 'pending');
    if (owed.length > 0) return `${owed.length} Subscription deliveries still owed (${owed.slice(0, 3).map((row) => row.event_id).join(', ')})`;
    // Settled in the ledger inside the job: the job itself must also be over, so no attempt is still under way.
    const open = rows.filter((row) => !delivered.has(row.event_id));
    const running = await Promise.all(
      open.map(async (row) => {
        const states = await Promise.all([queues[QueueName.RestHookDelivery].getJobState(row.event_id), queues[QueueName.WebsocketDelivery].getJobState(row.event_id)]);
        return states.some((state) => state !== 'completed' && state !== 'failed' && state !== 'unknown');
      }),
    );
    open.forEach((row, i) => !running[i] && delivered.add(row.event_id));
    const left = rows.length - delivered.size;
    return left > 0 ? `${left} settled Subscription deliveries whose job is still running` : undefined;
  };

  const remindersSent: Probe = async () => {
    if (columns.owedReminders) {
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM owed_reminder WHERE due_at <= now()`);
      if (rows[0].n > 0) return `${rows[0].n} reminders due and not sent yet`;
    }
    const due = (await queues[QueueName.Reminders].getDelayed()).filter((job) => job.timestamp + (job.opts.delay ?? 0) <= Date.now());
    return due.length > 0 ? `${due.length} reminders due and still waiting in the queue` : undefined;
  };

  const drained: Probe = async () => {
    const busy: string[] = [];
    for (const name of [QueueName.Matching, QueueName.InAppDelivery, QueueName.RestHookDelivery, QueueName.WebsocketDelivery, QueueName.Reminders] as const) {
      // Rest-hook retries of other Subscriptions and reminders planned for later days are delayed by design.
      const delayedCounts = name === QueueName.Matching || name === QueueName.InAppDelivery;
      const counts = await queues[name].getJobCounts('waiting', 'active', 'prioritized', 'waiting-children', ...(delayedCounts ? (['delayed'] as const) : []));
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      if (total > 0) busy.push(`${name} ${JSON.stringify(counts)}`);
    }
    return busy.length > 0 ? `queues not drained: ${busy.join('; ')}` : undefined;
  };

  return [relayed, outboxMatched, notificationsPushed, deliveriesSettled, remindersSent, drained];
}

/**
 * Resolves once everything set off since `since` (and everything owed to `subscriptionIds`) is
 * finished and the queues are drained, all in one pass of the checks; fails with what is still
 * unsettled after `timeoutMs`, or at once when a job failed for good.
 */
export async function allSettled(options: SettleOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const [columns, epoch] = await Promise.all([ledgerColumns(options.pool), databaseEpoch(options.pool)]);
  const checks = probes(options, columns, epoch);
  const deadline = Date.now() + timeoutMs;
  let unsettled: string | undefined;
  for (;;) {
    unsettled = undefined;
    // In the order the work flows: a pass with nothing unsettled is a consistent end state.
    for (const check of checks) {
      unsettled = await check();
      if (unsettled) break;
    }
    if (!unsettled) return;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the ledgers to settle: ${unsettled}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MILLISECONDS));
  }
}

/** A test file's view of the ledgers: its own pool and queue connection, a mark, and the settle wait. */
export interface Ledgers {
  pool: Pool;
  queues: SettleQueues;
  mark(): Promise<LedgerMark>;
  allSettled(options?: Omit<SettleOptions, 'pool' | 'queues'>): Promise<void>;
  close(): Promise<void>;
}

export function openLedgers(config: AppConfig): Ledgers {
  const pool = new Pool({ connectionString: config.databaseUrl, max: 2 });
  const queues = openSettleQueues(config);
  return {
    pool,
    queues,
    mark: () => ledgerMark(pool),
    allSettled: (options = {}) => allSettled({ pool, queues, ...options }),
    close: async () => {
      await closeSettleQueues(queues);
      await pool.end();
    },
  };
}
