import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { IncomingMessage, ServerResponse, createServer, request } from 'node:http';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { Client } from 'pg';
import { io, Socket } from 'socket.io-client';
import { Bundle, LiveEvent, NotificationKind } from '@app/fhir';
import { MIGRATIONS } from '../../apps/api/src/database/migrations';
import { fetchDemoToken } from '../../tools/identity-provider/demo-token';
import { SeedSummary, seedDirectory } from '../../tools/seed/seed';
import { asTransaction, dischargeHandoverEntries, handoverPatient } from '../../tools/simulator/discharge-handover';
import { daysBefore, daysFromNow } from '../support/clock';
import { syntheticFodselsnummer } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { dropTestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

/**
 * Bro as a deployment runs it: `npm run build`, the built migrations on a fresh database, the built API
 * and worker as their own processes (the commands of package.json's start scripts), a hand-over from a
 * hospital EHR reaching the GP, and a deploy's SIGTERM in the middle of a request. Also checks that every
 * path package.json, the Dockerfile and docker-compose.yml name exists after the build (no Docker engine
 * runs here: the files are checked, not run).
 */

const root = resolve(__dirname, '../..');
const BUILD_TIMEOUT_MS = 300_000;
/** SHUTDOWN_TIMEOUT_MS for the processes under test: each must exit 0 well within it. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

jest.setTimeout(90_000);

interface PackageJson {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
}

const packageJson = (): PackageJson => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;

/** `NODE_ENV=production node dist/api/main.js` → its environment and its `node` arguments. */
function parseNodeScript(script: string): { env: Record<string, string>; args: string[] } {
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (/^[A-Z_]+=/.test(words[0] ?? '')) {
    const [name, ...value] = words.shift()!.split('=');
    env[name] = value.join('=');
  }
  if (words.shift() !== 'node') throw new Error(`"${script}" does not run node`);
  return { env, args: words };
}

/** Every `dist/...` path a text names. */
function distPaths(text: string): string[] {
  return [...text.matchAll(/(?<![\w/.-])(?:\/app\/)?(dist\/[\w./-]*[\w/])/g)].map((match) => match[1]);
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>;
}

const running: Running[] = [];

/** Starts a built process the way package.json's script does, with its output kept for failure messages. */
function startBuilt(scriptName: string, env: Record<string, string>): Running {
  const { env: scriptEnv, args } = parseNodeScript(packageJson().scripts[scriptName]);
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...scriptEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal, atMs: Date.now() })),
  );
  const started = { child, output: () => output, exited };
  running.push(started);
  return started;
}

/** Runs a command to its end, quietly; fails with its output's tail when it fails. */
function runQuietly(command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done(output) : fail(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`))));
  });
}

/**
 * A rest-hook receiver that holds every delivery until released: a delivery it holds is a job the worker
 * is running.
 */
async function startHoldingReceiver() {
  const port = await freePort();
  const held: ServerResponse[] = [];
  const received: string[] = [];
  let released = false;
  const server = createServer((call: IncomingMessage, answer: ServerResponse) => {
    call.resume();
    call.on('end', () => {
      received.push(String(call.headers['x-bro-event-id']));
      if (released) answer.writeHead(200).end();
      else held.push(answer);
    });
  });
  await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening));
  return {
    endpoint: `http://127.0.0.1:${port}/hook`,
    received,
    release() {
      released = true;
      for (const answer of held.splice(0)) answer.writeHead(200).end();
    },
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

function withOutput(built: Running, what: string): string {
  return `${what}; its output:\n${built.output().slice(-4000)}`;
}

describe('the built processes', () => {
  let buildSeconds = 0;

  beforeAll(async () => {
    const started = Date.now();
    await runQuietly('npm', ['run', '-s', 'build'], { VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' });
    buildSeconds = (Date.now() - started) / 1000;
    process.stderr.write(`npm run build took ${buildSeconds.toFixed(1)} s\n`);
  }, BUILD_TIMEOUT_MS);

  afterAll(() => {
    for (const { child } of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('every path package.json, the Dockerfile and docker-compose.yml run exists after the build', () => {
    const pkg = packageJson();
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    const named = [...Object.values(pkg.scripts).flatMap(distPaths), ...distPaths(dockerfile), ...distPaths(composeText)];
    expect(named).toEqual(expect.arrayContaining(['dist/api/main.js', 'dist/api/worker.js', 'dist/api/migrate.js']));
    expect(named.filter((path) => !existsSync(join(root, path)))).toEqual([]);
    expect(existsSync(join(root, 'dist/web/index.html'))).toBe(true);

    // The start scripts run the built files in production mode.
    for (const [script, file] of [['start:api', 'dist/api/main.js'], ['start:worker', 'dist/api/worker.js'], ['db:migrate:built', 'dist/api/migrate.js']]) {
      expect(parseNodeScript(pkg.scripts[script])).toEqual({ env: { NODE_ENV: 'production' }, args: [file] });
    }

    // The image holds dist/ and the production dependencies only: whatever the built files require must be one.
    const external = new Set<string>();
    for (const file of ['main.js', 'worker.js', 'migrate.js']) {
      const source = readFileSync(join(root, 'dist/api', file), 'utf8');
      for (const [, name] of source.matchAll(/require\("([^"./][^"]*)"\)/g)) {
        external.add(name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]);
      }
    }
    const builtin = new Set(builtinModules);
    expect([...external].filter((name) => !builtin.has(name) && !name.startsWith('node:') && !(name in pkg.dependencies))).toEqual([]);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/api\/main\.js"\]$/m);

    // Compose: migrations once, then the API and the worker, each with a health check.
    interface Service {
      command?: string[];
      depends_on?: Record<string, { condition: string }>;
      healthcheck?: { test: string[] };
      environment?: Record<string, string>;
      stop_grace_period?: string;
    }
    const compose = loadYaml(composeText) as { services: Record<string, Service> };
    const { migrate, api, worker, redis } = compose.services;
    expect(migrate.command).toEqual(['node', 'dist/api/migrate.js']);
    expect(api.command).toEqual(['node', 'dist/api/main.js']);
    expect(worker.command).toEqual(['node', 'dist/api/worker.js']);
    for (const service of [api, worker]) {
      expect(service.depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(service.healthcheck?.test.length).toBeGreaterThan(1);
      // Docker waits this long after SIGTERM before it kills: longer than the processes' own deadline.
      expect(parseInt(service.stop_grace_period ?? '10s', 10) * 1000).toBeGreaterThan(Number(service.environment?.SHUTDOWN_TIMEOUT_MS ?? 25_000));
    }
    expect(api.healthcheck?.test.join(' ')).toContain('/health/ready');
    expect(worker.healthcheck?.test.join(' ')).toContain(worker.environment?.WORKER_HEARTBEAT_FILE);
    expect(redis.command?.join(' ')).toMatch(/--appendonly yes/);
    expect(redis.healthcheck).toBeDefined();
  });

  it('migrate, serve the web app, hand a task over to the GP, and stop on SIGTERM losing nothing', async () => {
    const started = Date.now();
    const databaseName = `${process.env.BRO_TEST_DATABASE_NAME}_built`;
    const admin = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${databaseName}"`);
    await admin.end();
    const databaseUrl = new URL(process.env.DATABASE_URL!);
    databaseUrl.pathname = `/${databaseName}`;
    const heartbeatDir = mkdtempSync(join(tmpdir(), 'bro-built-'));
    const db = new Client({ connectionString: databaseUrl.toString() });
    const sockets: Socket[] = [];
    const receiver = await startHoldingReceiver();
    try {
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      const oidcIssuer = process.env.OIDC_ISSUER!;
      const env = {
        DATABASE_URL: databaseUrl.toString(),
        // Under the run's prefix, so the global teardown removes these keys too.
        REDIS_PREFIX: `${process.env.REDIS_PREFIX}_built_${randomBytes(2).toString('hex')}`,
        OIDC_ISSUER: oidcIssuer,
        PORT: String(port),
        FHIR_BASE_URL: `${origin}/fhir/R4`,
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
        WORKER_HEARTBEAT_FILE: join(heartbeatDir, 'worker.alive'),
        LOG_LEVEL: 'log',
        SUBSCRIPTION_HTTP_ALLOWED_HOSTS: '127.0.0.1',
      };

      // The built migrations bring a fresh database to the schema, and a second run finds nothing to do.
      const { args: migrateArgs, env: migrateEnv } = parseNodeScript(packageJson().scripts['db:migrate:built']);
      expect(await runQuietly(process.execPath, migrateArgs, { ...migrateEnv, ...env })).toMatch(/^applied /);
      expect(await runQuietly(process.execPath, migrateArgs, { ...migrateEnv, ...env })).toMatch(/schema is up to date/);
      await db.connect();
      expect((await db.query('SELECT count(*)::int AS n FROM migrations')).rows[0].n).toBe(MIGRATIONS.length);

      const api = startBuilt('start:api', env);
      const worker = startBuilt('start:worker', env);
      await waitFor(
        async () => {
          if (api.child.exitCode !== null) throw new Error(withOutput(api, `the API exited with ${api.child.exitCode}`));
          return fetch(`${origin}/health/ready`).then((r) => r.ok, () => false);
        },
        'the built API to be ready',
      );
      await waitFor(() => {
        if (worker.child.exitCode !== null) throw new Error(withOutput(worker, `the worker exited with ${worker.child.exitCode}`));
        return existsSync(env.WORKER_HEARTBEAT_FILE);
      }, "the built worker's heartbeat");

      // The web app on the API's origin: its page for any app path, its own content policy, the API's paths untouched.
      const page = await fetch(`${origin}/inbox?due=this-week`, { headers: { Accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toBe(readFileSync(join(root, 'dist/web/index.html'), 'utf8'));
      expect(page.headers.get('content-security-policy')).toBe(
        `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' ${new URL(oidcIssuer).origin}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`,
      );
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
      const asset = await fetch(`${origin}${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      for (const path of ['/api/no-such-endpoint', '/fhir/R4/NoSuchType', '/health/nothing', '/metrics/x', '/assets/missing.js']) {
        const answer = await fetch(`${origin}${path}`, { headers: { Accept: 'text/html' } });
        expect({ path, status: answer.status, type: answer.headers.get('content-type') }).toEqual({ path, status: answer.status === 401 ? 401 : 404, type: expect.stringMatching(/json/) });
      }
      const metadata = await fetch(`${origin}/fhir/R4/metadata`);
      expect(metadata.status).toBe(200);
      expect(metadata.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);

      // The directory, through the built API's FHIR endpoint as a hospital EHR loads it.
      const seeded: SeedSummary = await seedDirectory({ fhirBaseUrl: env.FHIR_BASE_URL, oidcIssuer, patients: 0 });
      const gp = seeded.references.demoPractitionerRoles.gp;
      const unit = seeded.references.demoOrganizations.haukelandMedisinsk;
      const ehrToken = await fetchDemoToken(oidcIssuer, 'ehr');
      const gpToken = await fetchDemoToken(oidcIssuer, 'gp');
      const handoverBundle = () => {
        const dischargedAt = daysFromNow(-1 / 24);
        const patient = handoverPatient(syntheticFodselsnummer(), { generalPractitioner: [{ reference: gp }] });
        return asTransaction(dischargeHandoverEntries({ patient, requester: unit, admittedAt: daysBefore(dischargedAt, 3), dischargedAt, tasks: [{ category: 'PROVESVAR' }] }));
      };
      const taskOf = (bundle: Bundle) => bundle.entry!.map((e) => e.resource!).find((r) => r.resourceType === 'Task')!;

      // The hospital EHR follows the GP's tasks by rest-hook; its receiver holds each delivery until released.
      const subscription = await fetch(`${origin}/fhir/R4/Subscription`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ehrToken}`, 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify({
          resourceType: 'Subscription',
          status: 'requested',
          reason: 'Hospital EHR follows the tasks it handed over',
          criteria: `Task?owner=${gp}`,
          channel: { type: 'rest-hook', endpoint: receiver.endpoint, payload: 'application/fhir+json' },
          extension: [{ url: 'urn:bro:extension:signing-secret', valueString: 'a-receiver-secret-of-at-least-32-characters' }],
        }),
      });
      expect(subscription.status).toBe(201);
      const subscriptionId = ((await subscription.json()) as { id: string }).id;
      const deliveries = async () =>
        (
          await db.query<{ resource: string; state: string }>('SELECT resource, state FROM subscription_delivery WHERE subscription_id = $1 ORDER BY resource', [subscriptionId])
        ).rows;

      // The GP listens on /live (socket.io beside the web app), and the task arrives there and in the bell.
      const socket = io(`${origin}/live`, { auth: { token: gpToken }, transports: ['websocket'], forceNew: true });
      sockets.push(socket);
      const live: Array<{ id: string; kind: string; resource?: string }> = [];
      socket.on(LiveEvent.Notification, (n: { id: string; kind: string; resource?: string }) => live.push(n));
      await new Promise<void>((ready, fail) => {
        socket.once(LiveEvent.Ready, () => ready());
        socket.once('connect_error', fail);
      });
      const first = await fetch(`${origin}/fhir/R4`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ehrToken}`, 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify(handoverBundle()),
      });
      expect(first.status).toBe(200);
      const firstTask = `Task/${taskOf((await first.json()) as Bundle).id}`;
      const pushed = await waitFor(() => live.find((n) => n.resource === firstTask), 'the live notification of the first hand-over');
      expect(pushed.kind).toBe(NotificationKind.NewTask);
      const bell = (await (await fetch(`${origin}/api/notifications`, { headers: { Authorization: `Bearer ${gpToken}` } })).json()) as { notifications: Array<{ id: string; resource?: string }> };
      expect(bell.notifications.filter((n) => n.resource === firstTask).map((n) => n.id)).toEqual([pushed.id]);
      // The worker is delivering the first task to the EHR: a job in hand when the signal comes.
      await waitFor(() => receiver.received.length > 0, 'the rest-hook delivery of the first task to reach the receiver');

      // A deploy: SIGTERM to both while a hand-over is in flight. Its headers are in (the server has sent
      // `100 Continue`, which it does once it has taken the request up); its body follows the signal.
      const secondBody = JSON.stringify(handoverBundle());
      let signalledAt = 0;
      const inFlight = new Promise<{ status: number; connection?: string; body: string }>((answered, fail) => {
        const call = request(`${origin}/fhir/R4`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${ehrToken}`,
            'Content-Type': 'application/fhir+json',
            'Content-Length': Buffer.byteLength(secondBody),
            Expect: '100-continue',
          },
        });
        call.once('continue', () => {
          signalledAt = Date.now();
          api.child.kill('SIGTERM');
          worker.child.kill('SIGTERM');
          call.end(secondBody);
        });
        // The receiver answers once the worker has begun to stop: the job it holds finishes during the shutdown.
        void waitFor(() => worker.output().includes('the worker is stopping'), 'the worker to begin stopping').then(() => receiver.release(), fail);
        call.once('response', (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => answered({ status: response.statusCode ?? 0, connection: response.headers.connection, body }));
        });
        call.once('error', fail);
        call.flushHeaders();
      });
      const answer = await inFlight;
      expect({ status: answer.status, connection: answer.connection }).toEqual({ status: 200, connection: 'close' });
      const secondTask = `Task/${taskOf(JSON.parse(answer.body) as Bundle).id}`;

      const [apiExit, workerExit] = await Promise.all([api.exited, worker.exited]);
      expect({ code: apiExit.code, signal: apiExit.signal }).toEqual({ code: 0, signal: null });
      expect({ code: workerExit.code, signal: workerExit.signal }).toEqual({ code: 0, signal: null });
      expect(apiExit.atMs - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
      expect(workerExit.atMs - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
      expect(api.output()).toContain('the API stopped');
      expect(worker.output()).toContain('the worker stopped');
      expect(existsSync(env.WORKER_HEARTBEAT_FILE)).toBe(false);
      // The delivery the worker had in hand was finished before it exited, not dropped.
      expect(await deliveries()).toContainEqual({ resource: firstTask, state: 'delivered' });
      // New connections are refused once the API has gone.
      await expect(fetch(`${origin}/health`)).rejects.toThrow();

      // Nothing lost: the next worker finishes whatever the stopped one left in the outbox, the second
      // hand-over's notification among it, and each task notifies the GP exactly once.
      const next = startBuilt('start:worker', env);
      await waitFor(
        async () => {
          if (next.child.exitCode !== null) throw new Error(withOutput(next, `the next worker exited with ${next.child.exitCode}`));
          const { rows } = await db.query<{ unfinished: number }>('SELECT count(*)::int AS unfinished FROM outbox WHERE done_at IS NULL');
          return rows[0].unfinished === 0;
        },
        'every outbox row to be finished',
      );
      const { rows: notified } = await db.query<{ resource: string; recipient: string; kind: string; pushed: boolean }>(
        'SELECT resource, recipient, kind, pushed_at IS NOT NULL AS pushed FROM notification WHERE resource = ANY($1) ORDER BY id',
        [[firstTask, secondTask]],
      );
      expect(notified.map(({ resource, recipient, kind }) => ({ resource, recipient, kind }))).toEqual([
        { resource: firstTask, recipient: gp, kind: NotificationKind.NewTask },
        { resource: secondTask, recipient: gp, kind: NotificationKind.NewTask },
      ]);
      await waitFor(async () => (await deliveries()).every((d) => d.state === 'delivered') && (await deliveries()).length === 2, 'both deliveries to the EHR');
      expect(await deliveries()).toEqual(
        [
          { resource: firstTask, state: 'delivered' },
          { resource: secondTask, state: 'delivered' },
        ].sort((a, b) => a.resource.localeCompare(b.resource)),
      );
      next.child.kill('SIGTERM');
      expect(await next.exited).toMatchObject({ code: 0, signal: null });
      process.stderr.write(`built processes: ${((Date.now() - started) / 1000).toFixed(1)} s after a ${buildSeconds.toFixed(1)} s build\n`);
    } finally {
      sockets.forEach((socket) => socket.disconnect());
      for (const { child } of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      receiver.release();
      await receiver.close();
      await db.end().catch(() => undefined);
      await dropTestDatabase(databaseName);
      rmSync(heartbeatDir, { recursive: true, force: true });
    }
  });
});
