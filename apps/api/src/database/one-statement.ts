/**
 * Several writes to different tables as one SQL statement (data-modifying WITH clauses): atomic like a
 * transaction, and one round trip instead of BEGIN, one per write and COMMIT. Each feature adds the
 * clauses for its own tables; the caller says what the statement returns.
 */
export class OneStatement {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** A parameter placeholder for `value`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds `name AS (sql)`; answers the name, for a clause that returns rows. */
  with(name: string, sql: string): string {
    this.clauses.push(`${name} AS (${sql})`);
    return name;
  }

  get empty(): boolean {
    return this.clauses.length === 0;
  }

  /** The whole statement, ending in `finalSelect` (which may read the clauses' RETURNING rows). */
  sql(finalSelect: string): string {
    return this.clauses.length === 0 ? finalSelect : `WITH ${this.clauses.join(',\n')}\n${finalSelect}`;
  }
}
