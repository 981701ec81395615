import { DataSource } from 'typeorm';
import { loadAppConfigOrExit } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** Applies pending migrations and exits; the deployable twin of `npm run db:migrate`. */
async function main(): Promise<void> {
  const config = loadAppConfigOrExit();
  const dataSource = new DataSource(dataSourceOptions(config.databaseUrl, 2));
  await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'schema is up to date');
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
