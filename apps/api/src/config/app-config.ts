import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
// A relative import: the TypeORM CLI and the dev tools load this file without the @app/* path aliases.
import { TASK_CATEGORIES, TASK_CATEGORY_CODES, TaskCategoryCode, isTaskCategoryCode } from '../../../../libs/fhir/src/transfers/task-category';

/**
 * The whole runtime configuration, read once from the environment and validated at boot.
 * A wrong value stops the process with one line naming the variable, instead of a stack trace later.
 */
/** Work owed this long is queued again (a job Redis lost; Redis losing all its data is noticed within a second). */
export const DEFAULT_RECONCILE_AFTER_MS = 15_000;
/** Short, so a killed worker's jobs run elsewhere within seconds; see AppConfig.jobLockMs. */
export const DEFAULT_JOB_LOCK_MS = 5_000;

export interface AppConfig {
  port: number;
  databaseUrl: string;
  /** Connections per process; PostgreSQL on this machine serves about 100 in all. */
  databasePoolSize: number;
  redisUrl: string;
  /** Prefix for every Redis key Bro writes, so several environments (or test runs) can share one Redis. */
  redisPrefix: string;
  /**
   * The Redis database number REDIS_URL selects (`redis://host:6379/2` is 2; none is 0). Keys are kept
   * apart by it, pub/sub channels are not: see `redis/redis-namespace.ts`.
   */
  redisDb: number;
  oidcIssuer: string;
  /** The `aud` an access token must carry to be accepted by the API. */
  oidcAudience: string;
  /** Largest accepted request body in bytes (FHIR bodies answer 413 above it). */
  maxBodyBytes: number;
  /** Public base URL of the FHIR endpoint, used in Bundle links and Location headers. */
  fhirBaseUrl: string;
  /** Largest `_count` a search may ask for. */
  maxPageSize: number;
  defaultPageSize: number;
  /** Allowed difference between our clock and the token issuer's, in seconds. */
  clockToleranceSeconds: number;
  webOrigin: string;
  /** Requests a minute one user may make (RATE_LIMIT_PER_USER). */
  rateLimitPerUser: number;
  /** Requests a minute one OAuth client (a hospital system, the web app) may make, all its users together. */
  rateLimitPerClient: number;
  /** How long a rest-hook delivery keeps being retried before it goes to the dead-letter queue. */
  restHookRetryHorizonMs: number;
  /** The first retry's delay; each next one doubles (with jitter), up to an hour. */
  restHookFirstRetryMs: number;
  /**
   * Hosts (`host` or `host:port`) a rest-hook Subscription may call over plain http and without the
   * public-address check: development and test receivers only. Empty by default.
   */
  subscriptionHttpAllowedHosts: string[];
  /**
   * How long queued work may stay unfinished (an outbox event not matched, a Subscription delivery or a
   * live push not done, a reminder not sent after its time) before the reconciler queues it again under
   * the same job id (RECONCILE_AFTER_MS). Work merely slow is not queued twice; work Redis forgot is.
   */
  reconcileAfterMs: number;
  /**
   * How long a worker's lock on a running job lasts without being renewed (JOB_LOCK_MS): a worker that
   * dies mid-job has its jobs run again by another worker after about this long (and as often again).
   * Workers renew their locks every half of it; Bro's jobs wait on I/O, never on seconds of computing.
   */
  jobLockMs: number;
  /** How long a `$get-ws-binding-token` token may be used to bind a websocket to its Subscription. */
  websocketBindingTokenSeconds: number;
  /** Heartbeat period of a websocket Subscription that sets none (backport heartbeat-period extension). */
  websocketHeartbeatSeconds: number;
  /** Days from discharge to a transferred task's due date, per category, when the hospital gives none. */
  taskDueDays: Record<TaskCategoryCode, number>;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /**
   * How long a process may take to stop after SIGTERM (SHUTDOWN_TIMEOUT_MS): the API to answer the requests
   * it has, the worker to finish its running jobs. A process not done by then exits with code 1; a job it
   * left unfinished is run again by another worker once its lock runs out.
   */
  shutdownTimeoutMs: number;
  /**
   * The built web app the API serves at `/` (WEB_APP_DIR, a folder holding index.html). Unset: `dist/web`
   * beside the built API when it is there; `false` (WEB_APP_DIR=off): the API serves no web app.
   */
  webAppDir?: string | false;
  /** A file the worker renews every few seconds while PostgreSQL and Redis answer (WORKER_HEARTBEAT_FILE), for health checks. */
  workerHeartbeatFile?: string;
  /**
   * Whether admissions and discharges are checked for revolving-door patients (REVOLVING_DOOR_CHECK, on by
   * default). Off only to measure what the check costs a hand-over (`npm run bench -- directory`).
   */
  revolvingDoorCheck?: boolean;
}

export class ConfigError extends Error {}

/** TASK_DUE_DAYS overrides the default days per category, e.g. "KONTROLL=42,PROVESVAR=10". */
function taskDueDays(env: Env): Record<TaskCategoryCode, number> {
  const days = Object.fromEntries(TASK_CATEGORY_CODES.map((code) => [code, TASK_CATEGORIES[code].defaultDueDays])) as Record<TaskCategoryCode, number>;
  const raw = env.TASK_DUE_DAYS?.trim();
  if (!raw) return days;
  for (const pair of raw.split(',')) {
    const match = /^\s*([A-Z-]+)\s*=\s*(\d{1,3})\s*$/.exec(pair);
    if (!match || !isTaskCategoryCode(match[1])) {
      throw new ConfigError(`TASK_DUE_DAYS must be CATEGORY=days pairs with categories from ${TASK_CATEGORY_CODES.join(', ')}; "${pair}" is not`);
    }
    days[match[1]] = Number(match[2]);
  }
  return days;
}

type Env = Record<string, string | undefined>;

/** SUBSCRIPTION_HTTP_ALLOWED_HOSTS: comma-separated `host` or `host:port`, e.g. "127.0.0.1,receiver.test:8080". */
function hostList(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const host = entry.trim().toLowerCase();
    let parsed: URL | undefined;
    try {
      parsed = new URL(`http://${host}`);
    } catch {
      parsed = undefined;
    }
    // Exactly a host with an optional port: no scheme, path, credentials or stray characters.
    if (!host || !parsed || parsed.pathname !== '/' || parsed.username || (parsed.host !== host && `${parsed.host}:80` !== host)) {
      throw new ConfigError(`${name} must be comma-separated host or host:port entries; "${entry.trim()}" is not`);
    }
    return host;
  });
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const raw = env[name] || fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw.replace(/\/$/, '');
}

/** The database number in a Redis URL, as ioredis reads it: the path (`/2`), else a `db` query parameter, else 0. */
function redisDatabase(redisUrl: string): number {
  const parsed = new URL(redisUrl);
  const raw = parsed.pathname.length > 1 ? parsed.pathname.slice(1) : (parsed.searchParams.get('db') ?? '0');
  if (!/^\d{1,5}$/.test(raw)) throw new ConfigError(`REDIS_URL must name its database as a number (redis://host:6379/2), got "${raw}"`);
  return Number(raw);
}

function byteSize(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(raw.trim());
  if (!match) throw new ConfigError(`${name} must be a size such as 5mb or 500kb, got "${raw}"`);
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1;
  return Number(match[1]) * factor;
}

/** WEB_APP_DIR: a folder with the built web app's index.html, or `off`. */
function webAppDir(env: Env): string | false | undefined {
  const raw = env.WEB_APP_DIR?.trim();
  if (!raw) return undefined;
  if (raw === 'off') return false;
  const dir = resolve(raw);
  if (!existsSync(join(dir, 'index.html'))) throw new ConfigError(`WEB_APP_DIR must be a folder holding the built web app (index.html), or off; "${raw}" holds no index.html`);
  return dir;
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw as T)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

export function loadAppConfig(env: Env = process.env): AppConfig {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const defaultPageSize = integer(env, 'FHIR_DEFAULT_PAGE_SIZE', 20, 1, 1000);
  const maxPageSize = integer(env, 'FHIR_MAX_PAGE_SIZE', 500, 1, 5000);
  if (defaultPageSize > maxPageSize) {
    throw new ConfigError(`FHIR_DEFAULT_PAGE_SIZE (${defaultPageSize}) must not exceed FHIR_MAX_PAGE_SIZE (${maxPageSize})`);
  }
  const redisUrl = url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']);
  return {
    port,
    databaseUrl: url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/bro', ['postgres:', 'postgresql:']),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 20, 1, 200),
    redisUrl,
    redisPrefix: env.REDIS_PREFIX || 'bro',
    redisDb: redisDatabase(redisUrl),
    oidcIssuer: url(env, 'OIDC_ISSUER', 'http://localhost:4000', ['http:', 'https:']),
    oidcAudience: env.OIDC_AUDIENCE || 'bro-api',
    maxBodyBytes: byteSize(env, 'MAX_BODY_SIZE', 5 * 1024 * 1024),
    fhirBaseUrl: url(env, 'FHIR_BASE_URL', `http://localhost:${port}/fhir/R4`, ['http:', 'https:']),
    maxPageSize,
    defaultPageSize,
    clockToleranceSeconds: integer(env, 'OIDC_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
    webOrigin: url(env, 'WEB_ORIGIN', 'http://localhost:5173', ['http:', 'https:']),
    rateLimitPerUser: integer(env, 'RATE_LIMIT_PER_USER', 1200, 1, 10_000_000),
    rateLimitPerClient: integer(env, 'RATE_LIMIT_PER_CLIENT', 600_000, 1, 100_000_000),
    restHookRetryHorizonMs: integer(env, 'REST_HOOK_RETRY_HORIZON_SECONDS', 24 * 3600, 1, 30 * 24 * 3600) * 1000,
    restHookFirstRetryMs: integer(env, 'REST_HOOK_FIRST_RETRY_MS', 1000, 10, 3_600_000),
    subscriptionHttpAllowedHosts: hostList(env, 'SUBSCRIPTION_HTTP_ALLOWED_HOSTS'),
    reconcileAfterMs: integer(env, 'RECONCILE_AFTER_MS', DEFAULT_RECONCILE_AFTER_MS, 100, 3_600_000),
    jobLockMs: integer(env, 'JOB_LOCK_MS', DEFAULT_JOB_LOCK_MS, 1_000, 600_000),
    websocketBindingTokenSeconds: integer(env, 'WEBSOCKET_BINDING_TOKEN_SECONDS', 300, 1, 3600),
    websocketHeartbeatSeconds: integer(env, 'WEBSOCKET_HEARTBEAT_SECONDS', 60, 1, 3600),
    taskDueDays: taskDueDays(env),
    logLevel: oneOf(env, 'LOG_LEVEL', 'log', ['error', 'warn', 'log', 'debug'] as const),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 25_000, 1_000, 600_000),
    webAppDir: webAppDir(env),
    workerHeartbeatFile: env.WORKER_HEARTBEAT_FILE?.trim() ? resolve(env.WORKER_HEARTBEAT_FILE.trim()) : undefined,
    revolvingDoorCheck: oneOf(env, 'REVOLVING_DOOR_CHECK', 'on', ['on', 'off'] as const) === 'on',
  };
}

/** For entry points: load the configuration or stop the process with one clear line. */
export function loadAppConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadAppConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Bro cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
