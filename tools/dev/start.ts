/**
 * `npm start`: sets up and runs Bro on this machine with demo data — PostgreSQL and Redis (started
 * if needed), migrations, the development identity provider, the API, a worker, a directory seed
 * on first start, the web app, and the simulator (a gentle stream of Haukeland discharges and demo
 * GPs answering them, so the demo is alive; BRO_SIMULATOR=off leaves it out). Ctrl-C stops everything.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
import { loadAppConfigOrExit } from '../../apps/api/src/config/app-config';
import { startDevIdentityProvider } from '../identity-provider/demo-token';

const root = resolve(__dirname, '../..');
const children: ChildProcess[] = [];

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

/**
 * Starts a child whose output is prefixed with its name. When an essential child stops, everything
 * stops (a half-running Bro misleads); a helper (the simulator) may stop alone and Bro runs on.
 */
function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, essential = true): ChildProcess {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => `[${name}] ${line}\n`)
      .join('');
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  child.on('exit', (code, signal) => {
    if (stopping) return;
    if (!essential) {
      console.error(`bro: ${name} stopped (${signal ?? `exit code ${code}`}); Bro keeps running without it`);
      return;
    }
    console.error(`bro: ${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest`);
    void stop(1);
  });
  children.push(child);
  return child;
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

let stopping = false;
let stopIdentityProvider: (() => Promise<void>) | undefined;

async function stop(code = 0): Promise<never> {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await stopIdentityProvider?.();
  process.exit(code);
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
      false,
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
Ctrl-C stops everything.`);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((error: unknown) => {
  console.error(`bro: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  void stop(1);
});
