import { Injectable, Logger } from '@nestjs/common';
import { OperationOutcomeIssue, RoutingRule, RuleProblem, routingRuleProblems } from '@app/fhir';
import { NO_ROUTING_RULES_MESSAGE, RoutingRuleHistoryPage, RoutingRulesAnswer } from '@app/fhir/api/routing-rule-answers';
import { Principal } from '../../auth/principal';
import { DomainError } from '../../common/errors/domain-error';
import { findJsonLimitViolation } from '../../common/json-limits';
import { Database } from '../../database/sql-client';
import { RoutingRulesStore } from './routing-rules.store';

export const MAX_ROUTING_COMMENT_LENGTH = 500;
const SAVE_FIELDS = ['version', 'rules', 'comment'];

/** What a save request carries once its shape is checked (the rules themselves still to be judged). */
export interface RoutingRulesChange {
  /** The version the administrator edited (0 when none was stored). */
  version: number;
  rules: unknown;
  comment?: string;
}

/** A refusal names this many problems at most (a list of 20,000 unknown units is one mistake, not an answer worth 2 MB). */
export const MAX_PROBLEMS_SHOWN = 50;

/** Every problem as one refusal, each issue pointing at its place (`rules[2].routeTo`), so the page can show them beside the fields. */
export function routingRuleRefusal(status: 400 | 422, problems: RuleProblem[]): DomainError {
  const shown = problems.length > MAX_PROBLEMS_SHOWN ? [...problems.slice(0, MAX_PROBLEMS_SHOWN - 1), { path: 'rules', message: `and ${problems.length - MAX_PROBLEMS_SHOWN + 1} more problems` }] : problems;
  const issues: OperationOutcomeIssue[] = shown.map((problem) => ({
    severity: 'error',
    code: status === 400 ? 'invalid' : 'processing',
    diagnostics: `${problem.path}: ${problem.message}`,
    expression: [problem.path],
  }));
  return new DomainError(status, issues);
}

/**
 * Reads a save request's body: an object with `rules`, an optional `comment` and nothing else, no NUL and
 * no deeper nesting than any JSON Bro takes. `version` comes separately (body or If-Match).
 */
export function readRoutingRulesChange(body: unknown, version: number): RoutingRulesChange {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw DomainError.badRequest('the request body must be a JSON object with version, rules and comment');
  const violation = findJsonLimitViolation(body, '(body)');
  if (violation) throw DomainError.badRequest(violation.diagnostics, violation.path);
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !SAVE_FIELDS.includes(key));
  if (unknown.length) throw DomainError.badRequest(`unknown field ${unknown.join(', ')}; this endpoint takes ${SAVE_FIELDS.join(', ')}`, unknown[0]);
  if (record.rules === undefined || record.rules === null) throw DomainError.badRequest('rules is required: the whole rule set, in order, the last rule matching every rejection', 'rules');
  const comment = record.comment;
  if (comment !== undefined && comment !== null && comment !== '') {
    if (typeof comment !== 'string') throw DomainError.badRequest('comment must be text', 'comment');
    if (comment.length > MAX_ROUTING_COMMENT_LENGTH) throw DomainError.badRequest(`comment is longer than ${MAX_ROUTING_COMMENT_LENGTH} characters`, 'comment');
  }
  return { version, rules: record.rules, ...(typeof comment === 'string' && comment.trim() ? { comment: comment.trim() } : {}) };
}

/** Who saved a version, as the history shows it: the administrator's name and user id, nothing about any patient. */
export function changedByOf(principal: Principal): string {
  return principal.name ? `${principal.name} (${principal.subject})` : principal.subject;
}

const idOf = (reference: string) => reference.slice(reference.indexOf('/') + 1);

/**
 * The routing rules as data: read by everyone who works with rejected referrals, changed by an
 * administrator. A save is checked whole (shape, a catch-all last, the services and units in the
 * directory), refused whole with every problem named, and stored as the next version only if the
 * administrator edited the version in force; every version is kept, and who saved it, when and why.
 */
@Injectable()
export class RoutingRulesService {
  private readonly logger = new Logger('RoutingRules');

  constructor(
    private readonly database: Database,
    private readonly store: RoutingRulesStore,
  ) {}

  async current(): Promise<RoutingRulesAnswer> {
    const set = await this.store.current();
    if (!set) return { stored: false, version: 0, rules: [], message: NO_ROUTING_RULES_MESSAGE };
    return { stored: true, ...set };
  }

  async history(page: number, pageSize: number): Promise<RoutingRuleHistoryPage> {
    const { total, versions } = await this.store.history(page, pageSize);
    return { total, page, pageSize, versions };
  }

  async save(principal: Principal, change: RoutingRulesChange): Promise<RoutingRulesAnswer> {
    const problems = routingRuleProblems(change.rules);
    if (problems.length) throw routingRuleRefusal(422, problems);
    const rules = change.rules as RoutingRule[];
    const unknown = await this.directoryProblems(rules);
    if (unknown.length) throw routingRuleRefusal(422, unknown);

    const saved = await this.database.transaction(async (client) => {
      const current = await this.store.lockedCurrentVersion(client);
      if (change.version !== current) {
        throw DomainError.of(
          412,
          'conflict',
          `the routing rules are at version ${current}, not ${change.version}: someone saved them since you loaded them; load version ${current} and make your change again`,
          'version',
        );
      }
      return this.store.insert(client, { version: current + 1, rules: rules.map(normalised), changedBy: changedByOf(principal), comment: change.comment });
    });
    this.logger.log(`routing rules version ${saved.version} saved by ${principal.subject}`);
    return { stored: true, ...saved };
  }

  /** Services and hospital units the rules name that the directory does not hold: one query per type, whatever the number of rules. */
  private async directoryProblems(rules: RoutingRule[]): Promise<RuleProblem[]> {
    const services = [...new Set(rules.map((rule) => idOf(rule.routeTo)))];
    const units = [...new Set(rules.flatMap((rule) => (rule.hospitalUnits ?? []).map(idOf)))];
    const [serviceRows, unitRows] = await Promise.all([
      this.database.query<{ id: string; active: boolean }>(
        `SELECT id, coalesce((resource->>'active')::boolean, true) AS active FROM fhir_healthcare_service WHERE id = ANY($1::text[])`,
        [services],
      ),
      units.length ? this.database.query<{ id: string }>(`SELECT id FROM fhir_organization WHERE id = ANY($1::text[])`, [units]) : { rows: [] as Array<{ id: string }> },
    ]);
    const activeServices = new Map(serviceRows.rows.map((row) => [row.id, row.active]));
    const knownUnits = new Set(unitRows.rows.map((row) => row.id));
    const problems: RuleProblem[] = [];
    rules.forEach((rule, index) => {
      const active = activeServices.get(idOf(rule.routeTo));
      if (active === undefined) problems.push({ path: `rules[${index}].routeTo`, message: `${rule.routeTo} is no HealthcareService in the directory` });
      else if (!active) problems.push({ path: `rules[${index}].routeTo`, message: `${rule.routeTo} is not active; route to a service that takes cases` });
      (rule.hospitalUnits ?? []).forEach((unit, position) => {
        if (!knownUnits.has(idOf(unit))) problems.push({ path: `rules[${index}].hospitalUnits[${position}]`, message: `${unit} is no Organization in the directory` });
      });
    });
    return problems;
  }
}

/** A rule as stored: only its own fields, empty lists and blank descriptions left out, so versions compare as they read. */
function normalised(rule: RoutingRule): RoutingRule {
  const description = rule.description?.trim();
  return {
    id: rule.id,
    ...(description ? { description } : {}),
    ...(rule.reasons?.length ? { reasons: [...rule.reasons] } : {}),
    ...(rule.hospitalUnits?.length ? { hospitalUnits: [...rule.hospitalUnits] } : {}),
    routeTo: rule.routeTo,
    ...(rule.triageWorkingDays !== undefined ? { triageWorkingDays: rule.triageWorkingDays } : {}),
  };
}
