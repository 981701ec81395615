import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
import { fetchDemoToken, startDevIdentityProvider } from '../identity-provider/demo-token';

const root = resolve(__dirname, '../..');
const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchEnvironment {
  databaseUrl: string;
  apiOrigin: string;
  fhirBaseUrl: string;
  apiPid: number;
  /** The development identity provider the API trusts: where tokens for demo users come from. */
  issuer: string;
  /** The hospital EHR's system token (demo client `ehr`). */
  token: string;
  stop(): Promise<void>;
}

export function log(message: string): void {
  console.log(`bench: ${message}`);
}

async function asAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** The benchmark's own database (kept between runs so the million-row load is paid once). */
export async function prepareDatabase(name: string, fresh: boolean): Promise<string> {
  await asAdmin(async (admin) => {
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const dataSource = new DataSource(dataSourceOptions(url.toString(), 2));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  return url.toString();
}

/** Removes a benchmark's database (one that is made afresh every run). */
export async function dropDatabase(name: string): Promise<void> {
  await asAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('the API exited during start-up');
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not answer at ${url}`);
}

export interface ApiProcessOptions {
  databaseUrl: string;
  port: number;
  issuer: string;
  /** Redis key prefix: processes sharing one reach the same queues, board state and socket.io rooms. */
  redisPrefix?: string;
  poolSize?: number;
  /** A module loaded into the process before the API (after ts-node), to change one thing for a comparison. */
  preload?: string;
}

export interface ApiProcess {
  pid: number;
  origin: string;
  fhirBaseUrl: string;
  stop(): Promise<void>;
}

/**
 * `BENCH_CPU_PROFILE_DIR=/some/dir npm run bench -- …` writes a V8 CPU profile of each API and worker
 * process there when it stops (open it in Chrome's DevTools): where their time went under the load.
 */
function nodeArguments(script: string, preload?: string): string[] {
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  return [
    ...(profileDir ? ['-r', resolve(__dirname, 'cpu-profile.preload.js')] : []),
    '-r',
    'ts-node/register/transpile-only',
    '-r',
    'tsconfig-paths/register',
    ...(preload ? ['-r', preload] : []),
    script,
  ];
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/** One API process (HTTP and sockets), answering once its health check does. */
export async function startApiProcess(options: ApiProcessOptions): Promise<ApiProcess> {
  const origin = `http://127.0.0.1:${options.port}`;
  const fhirBaseUrl = `${origin}/fhir/R4`;
  const api = spawn(process.execPath, nodeArguments('apps/api/src/main.ts', options.preload), {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: options.databaseUrl,
      DATABASE_POOL_SIZE: String(options.poolSize ?? process.env.BENCH_POOL_SIZE ?? '32'),
      PORT: String(options.port),
      FHIR_BASE_URL: fhirBaseUrl,
      OIDC_ISSUER: options.issuer,
      REDIS_PREFIX: options.redisPrefix ?? 'bro_bench',
      LOG_LEVEL: 'warn',
      // One EHR client and one GP make every request here: the per-user and per-client limits would
      // measure the limiter (429 after 1,200 a minute), not what Bro can do. The limiter stays on.
      RATE_LIMIT_PER_USER: process.env.BENCH_RATE_LIMIT ?? '10000000',
      RATE_LIMIT_PER_CLIENT: process.env.BENCH_RATE_LIMIT ?? '10000000',
      // The benchmark's rest-hook receiver listens on loopback over plain http.
      SUBSCRIPTION_HTTP_ALLOWED_HOSTS: process.env.SUBSCRIPTION_HTTP_ALLOWED_HOSTS ?? '127.0.0.1',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitFor(`${origin}/health`, api);
  return { pid: api.pid!, origin, fhirBaseUrl, stop: () => stopChild(api) };
}

/** The worker process (outbox relay, queue processors, the board's publisher). */
export async function startWorkerProcess(options: Omit<ApiProcessOptions, 'port'>, bootMs = 4_000): Promise<{ pid: number; stop(): Promise<void> }> {
  const worker = spawn(process.execPath, nodeArguments('apps/api/src/worker.ts'), {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: options.databaseUrl,
      ...(options.poolSize ? { DATABASE_POOL_SIZE: String(options.poolSize) } : {}),
      OIDC_ISSUER: options.issuer,
      REDIS_PREFIX: options.redisPrefix ?? 'bro_bench',
      LOG_LEVEL: 'warn',
      SUBSCRIPTION_HTTP_ALLOWED_HOSTS: process.env.SUBSCRIPTION_HTTP_ALLOWED_HOSTS ?? '127.0.0.1',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // No health endpoint: give it the time to boot (and fail loudly if it dies meanwhile).
  await new Promise((done) => setTimeout(done, bootMs));
  if (worker.exitCode !== null) throw new Error('the worker exited during start-up');
  return { pid: worker.pid!, stop: () => stopChild(worker) };
}

/** Starts the identity provider and the API as separate processes, as in production. */
export async function startBenchEnvironment(databaseUrl: string, apiPort = 3900, idpPort = 4900, redisPrefix = 'bro_bench'): Promise<BenchEnvironment> {
  const identityProvider = await startDevIdentityProvider({ port: idpPort });
  const api = await startApiProcess({ databaseUrl, port: apiPort, issuer: identityProvider.issuer, redisPrefix });
  const token = await fetchDemoToken(identityProvider.issuer, 'ehr');
  return {
    databaseUrl,
    apiOrigin: api.origin,
    fhirBaseUrl: api.fhirBaseUrl,
    apiPid: api.pid,
    issuer: identityProvider.issuer,
    token,
    async stop() {
      await api.stop();
      await identityProvider.stop();
    },
  };
}

/**
 * Removes every key under a benchmark's Redis prefix: jobs left queued by an earlier run (its database
 * since dropped) would otherwise be worked through first and show up as this run's latency.
 */
export async function clearRedisPrefix(prefix: string): Promise<number> {
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  try {
    let removed = 0;
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length) removed += await redis.unlink(...keys);
    }
    return removed;
  } finally {
    redis.disconnect();
  }
}
