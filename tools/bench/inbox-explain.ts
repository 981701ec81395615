/**
 * EXPLAIN (ANALYZE, BUFFERS) of the exact SQL the GP inbox runs: the API's own TaskListQuery, on a
 * database wrapper that explains each query instead of answering it. No copy of the SQL to drift.
 */
import { Pool } from 'pg';
import type { ActorScope } from '../../apps/api/src/directory/actor-scope';
import { Database } from '../../apps/api/src/database/sql-client';
import { TaskListQuery } from '../../apps/api/src/transfers/task-list.query';

export interface ExplainedQuery {
  sql: string;
  plan: string[];
  /** PostgreSQL's own "Execution Time", without network and API. */
  executionMs: number;
}

class ExplainingDatabase extends Database {
  readonly explained: ExplainedQuery[] = [];

  constructor(private readonly target: Pool) {
    super(target);
  }

  override async query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number }> {
    const { rows } = await this.target.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    const plan = rows.map((row) => row['QUERY PLAN']);
    const execution = plan.map((line) => /Execution Time: ([\d.]+) ms/.exec(line)).find(Boolean);
    this.explained.push({ sql: sql.replace(/\s+/g, ' ').trim(), plan, executionMs: execution ? Number(execution[1]) : NaN });
    // No rows: the list then asks for its total alone, which gets a zero (and is explained too).
    const countOnly = /^SELECT count\(\*\) AS n FROM/.test(sql.trim());
    return { rows: (countOnly ? [{ n: '0' }] : []) as Row[], rowCount: countOnly ? 1 : 0 };
  }
}

/** The inbox page (`GET /api/inbox/tasks`) and badge counts (`GET /api/inbox/counts`) of a GP, explained. */
export async function explainInbox(databaseUrl: string, gpRole: string, office: string | undefined): Promise<{ list: ExplainedQuery; counts: ExplainedQuery }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const scope = {
      practitionerRoles: [gpRole],
      organizations: office ? [office] : [],
      actsFor: new Set([gpRole, ...(office ? [office] : [])]),
    } as unknown as ActorScope;
    const database = new ExplainingDatabase(pool);
    const query = new TaskListQuery(database);
    // Twice: the first run warms the cache the way the measured requests found it.
    for (let run = 0; run < 2; run++) {
      await query.list(scope, 'owner', { page: 1, pageSize: 50 });
      await query.counts(scope, 'owner');
    }
    const [list, counts] = database.explained.filter((q) => !/^SELECT count\(\*\) AS n FROM/.test(q.sql)).slice(-2);
    return { list, counts };
  } finally {
    await pool.end();
  }
}
