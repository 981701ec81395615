import { Injectable } from '@nestjs/common';
import { RoutingRule, RoutingRuleSet } from '@app/fhir';
import { Database, SqlClient } from '../../database/sql-client';

interface RuleSetRow {
  version: number;
  rules: RoutingRule[];
  changed_at: Date;
  changed_by: string;
  comment: string | null;
}

export function ruleSetOf(row: RuleSetRow): RoutingRuleSet {
  return { version: row.version, rules: row.rules, changedAt: row.changed_at.toISOString(), changedBy: row.changed_by, ...(row.comment ? { comment: row.comment } : {}) };
}

/** A new version of the rules, as the administrator saved it. */
export interface NewRuleSet {
  version: number;
  rules: RoutingRule[];
  changedBy: string;
  comment?: string;
}

const COLUMNS = `version, rules, changed_at, changed_by, comment`;

/**
 * The routing rules, every version kept: the newest is in force. Read in the rejection's own
 * transaction, so a rejection is routed by the rules as they stood when it was committed.
 */
@Injectable()
export class RoutingRulesStore {
  constructor(private readonly database: Database) {}

  async current(client: SqlClient = this.database): Promise<RoutingRuleSet | undefined> {
    const { rows } = await client.query<RuleSetRow>(`SELECT ${COLUMNS} FROM referral_routing_rule_set ORDER BY version DESC LIMIT 1`);
    return rows[0] && ruleSetOf(rows[0]);
  }

  /**
   * The newest version number, locking out other saves until this transaction ends: two administrators
   * saving at once are serialised, and the second is told the version moved (its insert would otherwise
   * collide on the primary key and answer 500).
   */
  async lockedCurrentVersion(client: SqlClient): Promise<number> {
    await client.query(`LOCK TABLE referral_routing_rule_set IN SHARE ROW EXCLUSIVE MODE`);
    const { rows } = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM referral_routing_rule_set`);
    return rows[0]?.version ?? 0;
  }

  async insert(client: SqlClient, set: NewRuleSet): Promise<RoutingRuleSet> {
    const { rows } = await client.query<RuleSetRow>(
      `INSERT INTO referral_routing_rule_set (version, rules, changed_by, comment) VALUES ($1, $2::jsonb, $3, $4) RETURNING ${COLUMNS}`,
      [set.version, JSON.stringify(set.rules), set.changedBy, set.comment ?? null],
    );
    return ruleSetOf(rows[0]);
  }

  /** Every version, newest first, a page at a time, with how many there are. */
  async history(page: number, pageSize: number, client: SqlClient = this.database): Promise<{ total: number; versions: RoutingRuleSet[] }> {
    const [{ rows }, counted] = await Promise.all([
      client.query<RuleSetRow>(`SELECT ${COLUMNS} FROM referral_routing_rule_set ORDER BY version DESC LIMIT $1 OFFSET $2`, [pageSize, (page - 1) * pageSize]),
      client.query<{ total: number }>(`SELECT count(*)::int AS total FROM referral_routing_rule_set`),
    ]);
    return { total: counted.rows[0]?.total ?? 0, versions: rows.map(ruleSetOf) };
  }
}
