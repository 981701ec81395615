import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * Settings of every session Bro opens (and the benchmarks that count as its worker does).
 * JIT compilation pays off for long analytic scans, not for Bro's short statements: on a board figure it
 * cost 49 ms of a 210 ms query to compile what then ran once (measured by `npm run bench -- multidose`).
 * Named prepared statements (`{ prepared: true }`, only on hot reads) keep one generic plan: left to choose,
 * PostgreSQL re-planned the low-threshold queue at every execution (15 ms of planning for a 1.5 ms run under
 * load, `npm run bench -- referrals`), which is what preparing it was meant to save. Unnamed statements are
 * planned per execution either way, so this touches nothing else.
 */
export const SESSION_SETTINGS = '-c jit=off -c plan_cache_mode=force_generic_plan';

/**
 * The one description of Bro's database, used by the API, the worker, the TypeORM CLI and the
 * tests alike. The schema is what the checked-in migrations make; `synchronize` stays off.
 */
/**
 * How long an idle pooled connection is kept. The driver's default (10 s) closed connections between bursts, and
 * each new one started with cold caches and re-planned every prepared statement: a queue read on a fresh
 * connection took 10–18 ms of planning where a warm one takes none (`npm run bench -- referrals`). Five quiet
 * minutes still give connections back at night.
 */
const IDLE_CONNECTION_MS = 5 * 60_000;

export function dataSourceOptions(databaseUrl: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    entities: [],
    // allowExitOnIdle: idle connections never keep a process alive by themselves (a CLI run, a test's in-process pool);
    // the API and the worker are kept alive by their server and queues.
    extra: { max: poolSize, idleTimeoutMillis: IDLE_CONNECTION_MS, allowExitOnIdle: true, application_name: 'bro', options: SESSION_SETTINGS },
    logging: ['error', 'migration'],
  };
}
