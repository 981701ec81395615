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
    extra: { max: poolSize, application_name: 'bro' },
    logging: ['error', 'migration'],
  };
}
