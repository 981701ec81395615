import { createHash } from 'node:crypto';
import { Pool, PoolClient } from 'pg';

import { CommitBatch } from './commit-batch';

/** What the FHIR store needs from the database: parameterised queries, inside a transaction or not. */
export interface QueryOptions {
  /**
   * Run it as a named prepared statement (named by its text), so each connection plans it once and then
   * re-uses the plan: for hot reads whose many joins cost more to plan than to run.
   */
  prepared?: boolean;
}

export interface SqlClient {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<{ rows: Row[]; rowCount: number }>;
  /** Inside a transaction: rows to write in one statement per kind just before it commits. */
  readonly commitBatch?: CommitBatch;
}

/** A prepared statement's name: the same text always gets the same name, and different texts different ones. */
function statementName(sql: string): string {
  return `bro_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
}

function wrap(target: Pool | PoolClient): SqlClient {
  return {
    async query<Row>(sql: string, params?: unknown[], options?: QueryOptions) {
      const result = options?.prepared ? await target.query({ name: statementName(sql), text: sql, values: params as unknown[] }) : await target.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
  };
}

/**
 * Runs queries on the connection pool of the TypeORM data source. The FHIR store's hot paths
 * (every create, read and search) go straight to `pg` with hand-written SQL: the SQL is generated
 * from the search-parameter declarations, and an ORM layer would only add cost per request.
 */
export class Database implements SqlClient {
  private readonly pooled: SqlClient;

  constructor(private readonly pool: Pool) {
    this.pooled = wrap(pool);
  }

  query<Row = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions) {
    return this.pooled.query<Row>(sql, params, options);
  }

  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> {
    const connection = await this.pool.connect();
    // A connection lost while checked out (PostgreSQL restarted, the session terminated) emits 'error',
    // which the pool only listens for while the connection is idle: unheard, it would stop the process.
    // The transaction's next query fails instead, and the connection is discarded, not pooled again.
    let lost: Error | undefined;
    const onError = (error: Error) => (lost = error);
    connection.on('error', onError);
    try {
      await connection.query('BEGIN');
      const batch = new CommitBatch();
      const client: SqlClient = { ...wrap(connection), commitBatch: batch };
      const result = await work(client);
      await batch.flush();
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch((failure: Error) => (lost ??= failure));
      throw error;
    } finally {
      connection.off('error', onError);
      connection.release(lost);
    }
  }
}
