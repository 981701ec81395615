import { randomUUID } from 'node:crypto';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import Client from 'fhir-kit-client';
import { Pool } from 'pg';
import { Resource } from '@app/fhir';
import { fetchDemoToken } from '../../tools/identity-provider/demo-token';
import { asTransaction } from '../../tools/simulator/discharge-handover';
import { daysFromNow } from '../support/clock';
import { freePort } from '../support/free-port';
import { gpRole, handover, newPatient } from '../support/transfers';
import { demoUnit } from '../support/test-directory';

const root = resolve(__dirname, '../..');
const SWC_REGISTER = resolve(__dirname, 'swc-register.js');

/**
 * How soon owed work is queued again, and how soon a dead worker's jobs go to another: short here so
 * that recovery is measured in seconds (production: 15 s and 30 s).
 */
export const RECONCILE_AFTER_MS = 1_500;
export const JOB_LOCK_MS = 2_000;

/** Keeps the last lines a child process wrote (for the failure message). */
function outputOf(child: ChildProcess, lines: string[]): void {
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
}

async function until(probe: () => boolean | Promise<boolean>, what: string, timeoutMs: number, child?: ChildProcess, lines?: string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (child && child.exitCode !== null) throw new Error(`${what}: the process exited (${child.exitCode}):\n${(lines ?? []).slice(-30).join('\n')}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${(lines ?? []).slice(-30).join('\n')}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/**
 * A Redis server of this test file's own, so it can be killed and started again empty without touching
 * the Redis the other tests (and engineers) share. No persistence: started again, it has forgotten all.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  private readonly lines: string[] = [];

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    outputOf(child, this.lines);
    await until(() => this.lines.some((line) => line.includes('Ready to accept connections')), 'redis-server to start', 10_000, child, this.lines);
    this.lines.length = 0;
  }

  /** Gone at once, with everything it held. */
  async kill(): Promise<void> {
    if (!this.child) return;
    const child = this.child;
    this.child = undefined;
    child.kill('SIGKILL');
    await exited(child);
  }
}

export interface BroProcess {
  pid: number;
  lines: string[];
  /** kill -9: no shutdown hooks, jobs left locked, transactions cut off. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

function processEnv(redisUrl: string, redisPrefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: process.env.DATABASE_URL,
    DATABASE_POOL_SIZE: '6',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    OIDC_ISSUER: process.env.OIDC_ISSUER,
    LOG_LEVEL: 'log',
    NO_COLOR: '1',
    RECONCILE_AFTER_MS: String(RECONCILE_AFTER_MS),
    JOB_LOCK_MS: String(JOB_LOCK_MS),
    REST_HOOK_FIRST_RETRY_MS: '100',
    SUBSCRIPTION_HTTP_ALLOWED_HOSTS: '127.0.0.1',
    ...extra,
  };
}

function spawnBro(script: string, env: NodeJS.ProcessEnv): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, ['-r', SWC_REGISTER, '-r', 'tsconfig-paths/register', script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  outputOf(child, lines);
  return { child, lines };
}

function handle(child: ChildProcess, lines: string[]): BroProcess {
  return {
    pid: child.pid!,
    lines,
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

/** A worker process (relay, reconciler, matching, deliveries, reminders), answering once it has started. */
export async function startWorkerProcess(redisUrl: string, redisPrefix: string): Promise<BroProcess> {
  const { child, lines } = spawnBro('apps/api/src/worker.ts', processEnv(redisUrl, redisPrefix));
  await until(() => lines.some((line) => line.includes('worker started')), 'the worker to start', 30_000, child, lines);
  return handle(child, lines);
}

export interface ApiProcess extends BroProcess {
  origin: string;
  fhirBaseUrl: string;
}

/** An API process, answering once its health check does. */
export async function startApiProcess(redisUrl: string, redisPrefix: string): Promise<ApiProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { child, lines } = spawnBro('apps/api/src/main.ts', processEnv(redisUrl, redisPrefix, { PORT: String(port), FHIR_BASE_URL: `${origin}/fhir/R4`, RATE_LIMIT_PER_USER: '1000000', RATE_LIMIT_PER_CLIENT: '1000000' }));
  const healthy = async () => {
    try {
      return (await fetch(`${origin}/health`)).ok;
    } catch {
      return false;
    }
  };
  await until(healthy, 'the API to start', 30_000, child, lines);
  return { ...handle(child, lines), origin, fhirBaseUrl: `${origin}/fhir/R4` };
}

export interface Delivery {
  eventId: string;
  resource: string;
  version: number;
}

/**
 * A rest-hook receiver as a careful one is written: it de-duplicates on the event id. `first` holds
 * each event once, in the order it first came; `posts` counts every POST (duplicates included).
 * Only this test's Subscription's events are kept (a port may have served another test's receiver).
 */
export class Receiver {
  readonly first: Delivery[] = [];
  posts = 0;
  subscriptionId = '';
  private readonly seen = new Set<string>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Receiver> {
    const port = await freePort();
    const server = createServer();
    const receiver = new Receiver(server, `http://127.0.0.1:${port}/hook`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        receiver.take(String(request.headers['x-bro-event-id']), body);
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    return receiver;
  }

  private take(eventId: string, body: string): void {
    if (!this.subscriptionId || !eventId.endsWith(`-${this.subscriptionId}`)) return;
    this.posts += 1;
    if (this.seen.has(eventId)) return;
    this.seen.add(eventId);
    const resource = JSON.parse(body) as Resource;
    this.first.push({ eventId, resource: `${resource.resourceType}/${resource.id}`, version: Number(resource.meta?.versionId) });
  }

  close(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()));
  }
}

/** The demo EHR and GP as outside systems speak to an API process. */
export class Callers {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly api: ApiProcess) {}

  async token(user: string): Promise<string> {
    if (!this.tokens.has(user)) this.tokens.set(user, await fetchDemoToken(process.env.OIDC_ISSUER!, user));
    return this.tokens.get(user)!;
  }

  async fhir(user = 'ehr'): Promise<Client> {
    return new Client({ baseUrl: this.api.fhirBaseUrl, customHeaders: { Authorization: `Bearer ${await this.token(user)}` } });
  }

  async call<T = Record<string, unknown>>(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.api.origin}${path}`, {
      method,
      headers: { Authorization: `Bearer ${await this.token(user)}`, ...(body !== undefined ? { 'Content-Type': path.startsWith('/fhir') ? 'application/fhir+json' : 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /**
   * This test's own sending unit: its Subscription follows only the tasks this test hands over, never
   * those other test files left owed in the same database (which the reconciler duly delivers).
   */
  private unit?: string;

  async ownUnit(): Promise<string> {
    if (!this.unit) {
      const created = await this.call<Resource>('ehr', 'POST', '/fhir/R4/Organization', {
        resourceType: 'Organization',
        active: true,
        name: `Sengepost for pålitelighetstest ${randomUUID().slice(0, 8)}`,
        // A ward of the demo hospital unit, so the hospital system hands over for it.
        partOf: { reference: demoUnit() },
      });
      if (created.status !== 201) throw new Error(`unit not created: ${created.status} ${JSON.stringify(created.body)}`);
      this.unit = `Organization/${created.body.id}`;
    }
    return this.unit;
  }

  /** A rest-hook Subscription to the tasks this test hands over to the GP, delivered to `receiver`. */
  async subscribe(receiver: Receiver, gp: 'gp' | 'gp2'): Promise<string> {
    const created = await this.call<Resource>('ehr', 'POST', '/fhir/R4/Subscription', {
      resourceType: 'Subscription',
      status: 'requested',
      reason: 'The hospital EHR follows the tasks it handed over',
      criteria: `Task?owner=${gpRole(gp)}&requester=${await this.ownUnit()}`,
      channel: { type: 'rest-hook', endpoint: receiver.url, payload: 'application/fhir+json' },
      extension: [{ url: 'urn:bro:extension:signing-secret', valueString: 'a-reliability-receiver-secret-of-32-characters' }],
    });
    if (created.status !== 201) throw new Error(`Subscription not created: ${created.status} ${JSON.stringify(created.body)}`);
    receiver.subscriptionId = created.body.id!;
    return created.body.id!;
  }

  async unsubscribe(subscriptionId: string): Promise<void> {
    const current = await this.call<Resource>('ehr', 'GET', `/fhir/R4/Subscription/${subscriptionId}`);
    await this.call('ehr', 'PUT', `/fhir/R4/Subscription/${subscriptionId}`, { ...current.body, status: 'off' });
  }

  /**
   * One hand-over (one task for the GP) and the GP's acceptance of it: versions 1 and 2 of the task.
   * `overdue` hands it over due three days ago, so its first overdue reminder is due at once. A request
   * that fails (the database cut it off) is tried again; a hand-over is all or nothing, so trying again
   * cannot leave half of one behind (the test checks that too).
   */
  async handOverAndAccept(gp: 'gp' | 'gp2', overdue: boolean, complete = false): Promise<string> {
    const content = handover({ patient: newPatient(gpRole(gp)), categories: ['PROVESVAR'], requester: await this.ownUnit() });
    if (overdue) (content.entries[2].resource as Record<string, unknown>).restriction = { period: { end: daysFromNow(-3).slice(0, 10) } };
    const ehr = await this.fhir('ehr');
    let taskId: string | undefined;
    for (let attempt = 0; !taskId; attempt++) {
      try {
        const response = (await ehr.transaction({ body: asTransaction(content) } as never)) as unknown as { entry?: Array<{ resource?: Resource }> };
        taskId = response.entry?.map((entry) => entry.resource).find((resource) => resource?.resourceType === 'Task')?.id;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((done) => setTimeout(done, 100));
      }
    }
    for (let attempt = 0; ; attempt++) {
      const accepted = await this.call<{ task?: { version: number } }>(gp, 'POST', `/api/tasks/${taskId}/accept`, { version: 1 }).catch(() => ({ status: 0, body: {} }));
      // 409: an earlier attempt was accepted (its answer lost with the connection).
      if (accepted.status === 200 || accepted.status === 201 || accepted.status === 409) break;
      if (attempt >= 20) throw new Error(`task ${taskId} not accepted: ${accepted.status}`);
      await new Promise((done) => setTimeout(done, 100));
    }
    if (complete) {
      const completed = await this.call(gp, 'POST', `/api/tasks/${taskId}/complete`, { version: 2 });
      if (completed.status >= 300) throw new Error(`task ${taskId} not completed: ${completed.status} ${JSON.stringify(completed.body)}`);
    }
    return taskId;
  }
}

export interface Expectations {
  taskIds: string[];
  overdueTaskIds: string[];
  subscriptionId: string;
  /** Outbox rows after this id are the test's changes. */
  sinceOutboxId: string;
  /** The tasks were completed: they owe no reminders any more. */
  completed?: boolean;
}

/**
 * What is still owed for the test's changes, as the ledgers in PostgreSQL record it; undefined once
 * everything is done: every event matched, every notification pushed, every delivery to the test's
 * Subscription settled, no reminder of its tasks due and unsent.
 */
export async function stillOwed(pool: Pool, expect: Expectations): Promise<string | undefined> {
  const resources = expect.taskIds.map((id) => `Task/${id}`);
  const { rows } = await pool.query<{ unmatched: number; unpushed: number; undelivered: number; delivered: number; reminders_due: number; tasks_changed: number }>(
    `SELECT
       (SELECT count(*)::int FROM outbox WHERE id > $1::bigint AND done_at IS NULL) AS unmatched,
       (SELECT count(*)::int FROM notification WHERE resource = ANY($2::text[]) AND pushed_at IS NULL) AS unpushed,
       (SELECT count(*)::int FROM subscription_delivery WHERE subscription_id = $3 AND state = 'pending') AS undelivered,
       (SELECT count(*)::int FROM subscription_delivery WHERE subscription_id = $3 AND state = 'delivered') AS delivered,
       (SELECT count(*)::int FROM owed_reminder WHERE subject = ANY($2::text[]) AND due_at <= now()) AS reminders_due`,
    [expect.sinceOutboxId, resources, expect.subscriptionId],
  );
  const row = rows[0];
  if (row.unmatched > 0) return `${row.unmatched} outbox events not matched`;
  if (row.unpushed > 0) return `${row.unpushed} notifications not pushed`;
  if (row.undelivered > 0) return `${row.undelivered} deliveries still owed`;
  if (row.reminders_due > 0) return `${row.reminders_due} reminders due and not sent`;
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

/**
 * Everything a user would check, once nothing is owed: the receiver got each version of each task
 * once (after de-duplicating on the event id) and in order, the ledger agrees, each task's GP has
 * one new-task notification (pushed) and each overdue one reminder, each open task still has its
 * reminders owed, and every hand-over is whole.
 */
export async function verify(pool: Pool, receiver: Receiver, expect: Expectations): Promise<{ duplicates: number }> {
  const resources = expect.taskIds.map((id) => `Task/${id}`);
  const ours = receiver.first.filter((delivery) => resources.includes(delivery.resource));
  // Every change delivered, once per event id, and no change under two event ids.
  const byChange = new Map<string, number>();
  for (const delivery of ours) byChange.set(`${delivery.resource}/${delivery.version}`, (byChange.get(`${delivery.resource}/${delivery.version}`) ?? 0) + 1);
  // Every version each task has, as stored.
  const current = await pool.query<{ id: string; version_id: number }>(`SELECT id, version_id FROM fhir_task WHERE id = ANY($1::text[])`, [expect.taskIds]);
  const versionsOf = new Map(current.rows.map((row) => [`Task/${row.id}`, Array.from({ length: row.version_id }, (_, i) => i + 1)]));
  const expected = resources.flatMap((resource) => (versionsOf.get(resource) ?? []).map((version) => `${resource}/${version}`)).sort();
  const problems: string[] = [];
  if (JSON.stringify([...byChange.keys()].sort()) !== JSON.stringify(expected)) {
    problems.push(`changes delivered: ${byChange.size} of ${expected.length}; missing ${expected.filter((key) => !byChange.has(key)).slice(0, 5).join(', ')}`);
  }
  const twice = [...byChange.entries()].filter(([, count]) => count > 1);
  if (twice.length > 0) problems.push(`changes delivered under two event ids: ${twice.map(([key]) => key).join(', ')}`);
  // In order per resource, whichever worker matched or delivered them.
  for (const resource of resources) {
    const versions = ours.filter((delivery) => delivery.resource === resource).map((delivery) => delivery.version);
    if (versions.length < 2 || JSON.stringify(versions) !== JSON.stringify(versionsOf.get(resource))) problems.push(`${resource} arrived as versions ${versions.join(',')}`);
  }
  const ledger = await pool.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM subscription_delivery WHERE subscription_id = $1 GROUP BY state`, [expect.subscriptionId]);
  const delivered = ledger.rows.find((row) => row.state === 'delivered')?.n ?? 0;
  if (delivered !== expected.length || ledger.rows.length !== 1) problems.push(`ledger: ${JSON.stringify(ledger.rows)} (expected ${expected.length} delivered)`);

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

  // No partial writes: every hand-over's task has its encounter, every event of the test is matched once.
  const orphans = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM fhir_task t WHERE t.id = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM fhir_encounter e WHERE 'Encounter/' || e.id = t.resource->'encounter'->>'reference')`,
    [expect.taskIds],
  );
  if (orphans.rows[0].n > 0) problems.push(`${orphans.rows[0].n} tasks without their hand-over's encounter`);
  if (problems.length > 0) throw new Error(`after recovery:\n${problems.join('\n')}`);
  return { duplicates: receiver.posts - receiver.first.length };
}
