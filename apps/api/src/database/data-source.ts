import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Entry point for the TypeORM CLI (`npm run db:migrate`). Only relative imports: the CLI does not know path aliases. */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/bro', 2));
