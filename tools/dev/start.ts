/**
 * `npm start`: sets up and runs Bro on this machine with demo data — PostgreSQL and Redis (started
 * if needed), migrations, the development identity provider, the API, a worker, a directory seed
 * on first start, the web app, and the simulator (a gentle stream of Haukeland discharges and demo
 * GPs answering them, so the demo is alive; BRO_SIMULATOR=off leaves it out). A crashed API, worker or
 * web app is started again after a pause that grows with repeated crashes (1 s, 2 s, 4 s … 30 s; back to
 * 1 s once it has run for a minute). Ctrl-C or SIGTERM stops everything.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
import { loadAppConfigOrExit } from '../../apps/api/src/config/app-config';
import { startDevIdentityProvider } from '../identity-provider/demo-token';

const root = resolve(__dirname, '../..');

function step(message: string): void {
  console.log(`bro: ${message}`);
}

async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      step(`creating database ${name}`);
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await admin.end();
  }
}

async function migrate(databaseUrl: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, 2));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    step(applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date');
  } finally {
    await dataSource.destroy();
  }
}

async function directoryIsEmpty(databaseUrl: string): Promise<boolean> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM fhir_organization');
    return rows[0].n === 0;
  } finally {
    await db.end();
  }
}

/** Hand-overs per second the demo simulator sends: about one every five seconds, enough for a living board. */
const SIMULATOR_RATE = '0.2/s';

/** What happens when a child stops on its own: start it again, or let it go and Bro runs on without it. */
type WhenStopped = 'restart' | 'let-go';

const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** A child that ran this long before stopping was healthy: its next restart waits the first delay again. */
const HEALTHY_AFTER_MS = 60_000;
/** How long children get to finish (the API its requests, the worker its jobs) before they are killed. */
const STOP_GRACE_MS = 10_000;

interface Service {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  whenStopped: WhenStopped;
  child?: ChildProcess;
  startedAt: number;
  restartDelayMs: number;
  restarts: number;
  restartTimer?: NodeJS.Timeout;
}

const services: Service[] = [];
let stopping = false;
let stopIdentityProvider: (() => Promise<void>) | undefined;

function spawnService(service: Service): void {
  const child = spawn(service.command, service.args, { cwd: root, env: { ...process.env, ...service.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => `[${service.name}] ${line}\n`)
      .join('');
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  child.on('exit', (code, signal) => onServiceStopped(service, signal ?? `exit code ${code}`));
  service.child = child;
  service.startedAt = Date.now();
}

/**
 * A crashed API, worker or web app is started again rather than stopping the demo: after 1 s, then
 * 2, 4, 8 … up to 30 s while it keeps crashing (a crash loop must not spin), and after 1 s again once
 * it had run for a minute. Each restart is announced on its own line.
 */
function onServiceStopped(service: Service, how: string): void {
  service.child = undefined;
  if (stopping) return;
  if (service.whenStopped === 'let-go') {
    console.error(`bro: ${service.name} stopped (${how}); Bro keeps running without it`);
    return;
  }
  if (Date.now() - service.startedAt >= HEALTHY_AFTER_MS) service.restartDelayMs = FIRST_RESTART_DELAY_MS;
  const delay = service.restartDelayMs;
  service.restartDelayMs = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
  service.restarts += 1;
  console.error(`bro: ${service.name} stopped (${how}); restarting it in ${delay / 1000} s (restart ${service.restarts})`);
  service.restartTimer = setTimeout(() => {
    service.restartTimer = undefined;
    if (!stopping) spawnService(service);
  }, delay);
}

/** Starts a child whose output is prefixed with its name; {@link onServiceStopped} decides what its stopping means. */
function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, whenStopped: WhenStopped = 'restart'): void {
  const service: Service = { name, command, args, env, whenStopped, startedAt: Date.now(), restartDelayMs: FIRST_RESTART_DELAY_MS, restarts: 0 };
  services.push(service);
  spawnService(service);
}

async function waitFor(url: string, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
  });
}

/** Stops every child (SIGTERM, then SIGKILL after a grace period) and the identity provider, then exits. */
function stop(code = 0): void {
  if (stopping) return;
  stopping = true;
  const running: ChildProcess[] = [];
  for (const service of services) {
    clearTimeout(service.restartTimer);
    if (service.child) {
      running.push(service.child);
      service.child.kill('SIGTERM');
    }
  }
  const exit = () => process.exit(code);
  Promise.all([...running.map(exited), stopIdentityProvider?.()]).then(exit, exit);
}

async function main(): Promise<void> {
  const config = loadAppConfigOrExit();
  execFileSync('bash', [resolve(root, 'tools/dev/ensure-services.sh')], { stdio: 'inherit' });
  await ensureDatabase(config.databaseUrl);
  await migrate(config.databaseUrl);

  const issuer = new URL(config.oidcIssuer);
  const identityProvider = await startDevIdentityProvider({ port: Number(issuer.port || 80), issuer: config.oidcIssuer });
  stopIdentityProvider = identityProvider.stop;
  step(`identity provider at ${identityProvider.issuer}`);

  const ts = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
  run('api', process.execPath, [...ts, 'apps/api/src/main.ts']);
  await waitFor(`http://localhost:${config.port}/health`, 'the API');
  run('worker', process.execPath, [...ts, 'apps/api/src/worker.ts']);

  if (await directoryIsEmpty(config.databaseUrl)) {
    step('first start: loading the demo directory and patients (npm run seed)');
    execFileSync(process.execPath, [...ts, 'tools/seed/seed.cli.ts'], { cwd: root, stdio: 'inherit', env: process.env });
  }

  const webPort = process.env.WEB_PORT ?? '5173';
  run('web', process.execPath, ['node_modules/vite/bin/vite.js', 'apps/web', '--port', webPort, '--strictPort'], {
    API_ORIGIN: `http://localhost:${config.port}`,
  });
  await waitFor(`http://localhost:${webPort}/`, 'the web app');

  const simulatorOn = !['off', 'false', '0', 'no'].includes((process.env.BRO_SIMULATOR ?? '').trim().toLowerCase());
  if (simulatorOn) {
    run(
      'simulator',
      process.execPath,
      [...ts, 'tools/simulator/simulate.cli.ts', '--rate', SIMULATOR_RATE, '--duration', 'forever', '--progress', '60s'],
      { FHIR_BASE_URL: config.fhirBaseUrl, OIDC_ISSUER: identityProvider.issuer },
      'let-go',
    );
  }

  console.log(`
Bro is running:
  web app        http://localhost:${webPort}/
  FHIR API       ${config.fhirBaseUrl}  (CapabilityStatement: ${config.fhirBaseUrl}/metadata)
  health         http://localhost:${config.port}/health/ready
  identity       ${identityProvider.issuer}  (demo users: gp, gp2, coordinator, quality, lowthreshold, admin; client: ehr)
  a token        npm run -s token -- gp
  simulator      ${simulatorOn ? `${SIMULATOR_RATE} discharges from Haukeland, gp and gp2 answering (BRO_SIMULATOR=off to leave it out)` : 'off (BRO_SIMULATOR=off)'}
A crashed API, worker or web app restarts by itself. Ctrl-C stops everything.`);
}

/** A second Ctrl-C while stopping does not wait for the children any longer. */
function onSignal(): void {
  if (stopping) process.exit(130);
  stop(0);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
main().catch((error: unknown) => {
  console.error(`bro: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  stop(1);
});
