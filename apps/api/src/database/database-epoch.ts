import { Injectable } from '@nestjs/common';
import { Database } from './sql-client';

/**
 * What tells this database apart from an earlier one of the same name (its OID changes when it is
 * re-created or restored). Queue job ids built from row ids carry it: otherwise a fresh database's
 * outbox row 1 would meet the old database's finished job "outbox-1" in Redis and never be queued.
 */
@Injectable()
export class DatabaseEpoch {
  private value?: Promise<string>;

  constructor(private readonly database: Database) {}

  get(): Promise<string> {
    this.value ??= this.database
      .query<{ oid: string }>(`SELECT oid::text AS oid FROM pg_database WHERE datname = current_database()`)
      .then(({ rows }) => rows[0].oid);
    return this.value;
  }
}
