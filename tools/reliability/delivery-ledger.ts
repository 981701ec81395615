import { Pool } from 'pg';
import { Delivery, Receiver } from './rest-hook-receiver';

export interface Expectations {
  taskIds: string[];
  overdueTaskIds: string[];
  subscriptionId: string;
  /** Outbox rows after this id are the run's changes. */
  sinceOutboxId: string;
  /** The tasks were completed: they owe no reminders any more. */
  completed?: boolean;
}

/**
 * What is still owed for a run's changes, as the ledgers in PostgreSQL record it; undefined once
 * everything is done: every event matched, every notification pushed, every delivery to the
 * Subscription settled, no reminder of its tasks due and unsent.
 */
export async function stillOwed(pool: Pool, expect: Expectations): Promise<string | undefined> {
  const resources = expect.taskIds.map((id) => `Task/${id}`);
  const { rows } = await pool.query<{ unmatched: number; unpushed: number; undelivered: number; reminders_due: number }>(
    `SELECT
       (SELECT count(*)::int FROM outbox WHERE id > $1::bigint AND done_at IS NULL) AS unmatched,
       (SELECT count(*)::int FROM notification WHERE resource = ANY($2::text[]) AND pushed_at IS NULL) AS unpushed,
       (SELECT count(*)::int FROM subscription_delivery WHERE subscription_id = $3 AND state = 'pending') AS undelivered,
       (SELECT count(*)::int FROM owed_reminder WHERE subject = ANY($2::text[]) AND due_at <= now()) AS reminders_due`,
    [expect.sinceOutboxId, resources, expect.subscriptionId],
  );
  const row = rows[0];
  if (row.unmatched > 0) return `${row.unmatched} outbox events not matched`;
  if (row.unpushed > 0) return `${row.unpushed} notifications not pushed`;
  if (row.undelivered > 0) return `${row.undelivered} deliveries still owed`;
  if (row.reminders_due > 0) return `${row.reminders_due} reminders due and not sent`;
  if (expect.overdueTaskIds.length === 0) return undefined;
  const overdueSent = await pool.query<{ n: number }>(`SELECT count(DISTINCT resource)::int AS n FROM notification WHERE resource = ANY($1::text[]) AND reminder_key IS NOT NULL AND kind = 'task-overdue'`, [
    expect.overdueTaskIds.map((id) => `Task/${id}`),
  ]);
  if (overdueSent.rows[0].n < expect.overdueTaskIds.length) return `${expect.overdueTaskIds.length - overdueSent.rows[0].n} overdue reminders not sent`;
  return undefined;
}

/** Resolves when nothing is owed any more (as the ledgers say), answering how long that took. */
export async function settled(pool: Pool, expect: Expectations, timeoutMs = 45_000): Promise<number> {
  const started = Date.now();
  let owed: string | undefined;
  while ((owed = await stillOwed(pool, expect))) {
    if (Date.now() - started > timeoutMs) throw new Error(`not recovered after ${timeoutMs} ms: ${owed}`);
    await new Promise((done) => setTimeout(done, 50));
  }
  return Date.now() - started;
}

export async function outboxMark(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM outbox`);
  return rows[0].id;
}

/** Every version each task has, as stored: `Task/<id>` → its latest version. */
export async function storedVersions(pool: Pool, taskIds: string[]): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ id: string; version_id: number }>(`SELECT id, version_id FROM fhir_task WHERE id = ANY($1::text[])`, [taskIds]);
  return new Map(rows.map((row) => [`Task/${row.id}`, row.version_id]));
}

/** What a subscriber's first arrivals (de-duplicated on the event id) say against the versions stored. */
export interface DeliveryFindings {
  expected: number;
  /** `Task/<id>/<version>` stored but never received. */
  missing: string[];
  /** Changes received under more than one event id: a de-duplicating receiver would act on them twice. */
  twice: string[];
  /** Resources whose versions came in another order than oldest first. */
  outOfOrder: string[];
}

export function deliveryFindings(first: Delivery[], versions: Map<string, number>): DeliveryFindings {
  const received = new Map<string, number>();
  const arrivalOrder = new Map<string, number[]>();
  for (const delivery of first) {
    if (!versions.has(delivery.resource)) continue;
    const change = `${delivery.resource}/${delivery.version}`;
    received.set(change, (received.get(change) ?? 0) + 1);
    arrivalOrder.set(delivery.resource, [...(arrivalOrder.get(delivery.resource) ?? []), delivery.version]);
  }
  const missing: string[] = [];
  let expected = 0;
  for (const [resource, latest] of versions) {
    for (let version = 1; version <= latest; version++) {
      expected += 1;
      if (!received.has(`${resource}/${version}`)) missing.push(`${resource}/${version}`);
    }
  }
  const twice = [...received.entries()].filter(([, count]) => count > 1).map(([change]) => change);
  const outOfOrder = [...arrivalOrder.entries()].filter(([, order]) => order.some((version, i) => i > 0 && version <= order[i - 1])).map(([resource]) => resource);
  return { expected, missing, twice, outOfOrder };
}

/** A Subscription's ledger: how many of its deliveries are in each state. */
export async function ledgerStates(pool: Pool, subscriptionId: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM subscription_delivery WHERE subscription_id = $1 GROUP BY state`, [subscriptionId]);
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

/**
 * Everything a user would check, once nothing is owed: the receiver got each version of each task
 * once (after de-duplicating on the event id) and in order, the ledger agrees, each task's GP has
 * one new-task notification (pushed) and each overdue one reminder, each open task still has its
 * reminders owed, and every hand-over is whole.
 */
export async function verify(pool: Pool, receiver: Receiver, expect: Expectations): Promise<{ duplicates: number }> {
  const resources = expect.taskIds.map((id) => `Task/${id}`);
  const versions = await storedVersions(pool, expect.taskIds);
  const problems: string[] = [];
  const found = deliveryFindings(receiver.first, versions);
  if (found.missing.length > 0) problems.push(`changes delivered: ${found.expected - found.missing.length} of ${found.expected}; missing ${found.missing.slice(0, 5).join(', ')}`);
  if (found.twice.length > 0) problems.push(`changes delivered under two event ids: ${found.twice.join(', ')}`);
  // In order per resource, whichever worker matched or delivered them.
  for (const resource of found.outOfOrder) problems.push(`${resource} arrived out of order: ${receiver.first.filter((d) => d.resource === resource).map((d) => d.version).join(',')}`);
  const ledger = await ledgerStates(pool, expect.subscriptionId);
  if (ledger.delivered !== found.expected || Object.keys(ledger).length !== 1) problems.push(`ledger: ${JSON.stringify(ledger)} (expected ${found.expected} delivered)`);

  // In-app: one new-task notification per task for its GP, pushed; one overdue reminder per overdue task.
  const inApp = await pool.query<{ resource: string; kind: string; n: number; unpushed: number }>(
    `SELECT resource, kind, count(*)::int AS n, count(*) FILTER (WHERE pushed_at IS NULL)::int AS unpushed FROM notification WHERE resource = ANY($1::text[]) GROUP BY resource, kind`,
    [resources],
  );
  for (const resource of resources) {
    const kinds = inApp.rows.filter((row) => row.resource === resource);
    const isOverdue = expect.overdueTaskIds.includes(resource.slice('Task/'.length));
    const expectedKinds = isOverdue ? ['new-task', 'task-overdue'] : ['new-task'];
    if (expect.completed) kinds.splice(0, kinds.length, ...kinds.filter((row) => expectedKinds.includes(row.kind)));
    if (JSON.stringify(kinds.map((row) => `${row.kind}:${row.n}`).sort()) !== JSON.stringify(expectedKinds.map((kind) => `${kind}:1`))) {
      problems.push(`${resource} notifications: ${kinds.map((row) => `${row.kind}:${row.n}`).join(', ')}`);
    }
    if (kinds.some((row) => row.unpushed > 0)) problems.push(`${resource} has notifications not pushed`);
  }

  // Reminders intact: a task due ahead owes its due-soon and first overdue reminder, an overdue one its next weekly reminder.
  const reminders = await pool.query<{ subject: string; job_ids: string[] }>(`SELECT subject, array_agg(job_id ORDER BY job_id) AS job_ids FROM owed_reminder WHERE subject = ANY($1::text[]) GROUP BY subject`, [resources]);
  for (const taskId of expect.taskIds) {
    const owed = reminders.rows.find((row) => row.subject === `Task/${taskId}`)?.job_ids ?? [];
    const wanted = expect.completed
      ? []
      : expect.overdueTaskIds.includes(taskId)
        ? [`reminder-task-${taskId}-overdue-1`]
        : [`reminder-task-${taskId}-due-soon-0`, `reminder-task-${taskId}-overdue-0`];
    if (JSON.stringify(owed) !== JSON.stringify(wanted)) problems.push(`Task/${taskId} owes reminders ${owed.join(', ') || 'none'}`);
  }

  // No partial writes: every hand-over's task has its encounter.
  const orphans = await wholeHandoverProblems(pool, expect.taskIds);
  if (orphans > 0) problems.push(`${orphans} tasks without their hand-over's encounter`);
  if (problems.length > 0) throw new Error(`after recovery:\n${problems.join('\n')}`);
  return { duplicates: receiver.posts - receiver.first.length };
}

/** Tasks whose hand-over's Encounter is not stored: a hand-over written by halves. */
export async function wholeHandoverProblems(pool: Pool, taskIds: string[]): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM fhir_task t WHERE t.id = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM fhir_encounter e WHERE 'Encounter/' || e.id = t.resource->'encounter'->>'reference')`,
    [taskIds],
  );
  return rows[0].n;
}
