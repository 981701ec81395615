import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * The one description of Bro's database, used by the API, the worker, the TypeORM CLI and the
 * tests alike. The schema is what the checked-in migrations make; `synchronize` stays off.
 */
export function dataSourceOptions(databaseUrl: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    entities: [],
    // JIT compilation pays off for long analytic scans, not for Bro's short statements: on a board figure it
    // cost 49 ms of a 210 ms query to compile what then ran once (measured by `npm run bench -- multidose`).
    extra: { max: poolSize, application_name: 'bro', options: '-c jit=off' },
    logging: ['error', 'migration'],
  };
}
