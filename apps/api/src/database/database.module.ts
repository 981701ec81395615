import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { dataSourceOptions } from './data-source-options';
import { Database } from './sql-client';

/** The PostgreSQL connection: TypeORM's data source, and {@link Database} on the same pool. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(config.databaseUrl, config.databasePoolSize),
    }),
  ],
  providers: [
    {
      provide: Database,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new Database((dataSource.driver as unknown as { master: Pool }).master),
    },
  ],
  exports: [Database],
})
export class DatabaseModule {}
