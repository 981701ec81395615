import { REJECTION_REASONS, RejectionReason, isRejectionReason } from './referral-rejection-reason';

/**
 * Where a rejected referral goes: rules stored as data (changed by an administrator, with history),
 * tried in order, the first that matches routing the patient to its low-threshold service. A rule
 * matches on the rejection reason and on the hospital unit that rejected; a rule with neither matches
 * every rejection, and the last rule must be such a catch-all, so no rule set routes a rejection nowhere.
 */
export interface RoutingRule {
  /** Stable within the set: the triage Task names the rule that routed it. */
  id: string;
  description?: string;
  /** Rejection reasons (urn:bro:referral-rejection-reason) this rule takes; absent or empty: any. */
  reasons?: RejectionReason[];
  /** Hospital units (`Organization/<id>`) this rule takes rejections from; absent or empty: any. */
  hospitalUnits?: string[];
  /** The low-threshold service (`HealthcareService/<id>`) that triages. */
  routeTo: string;
  /** Working days the service has to triage; default {@link DEFAULT_TRIAGE_WORKING_DAYS}. */
  triageWorkingDays?: number;
}

export interface RoutingRuleSet {
  version: number;
  rules: RoutingRule[];
  changedAt: string;
  changedBy: string;
  /** Why the administrator changed the rules. */
  comment?: string;
}

export const DEFAULT_TRIAGE_WORKING_DAYS = 5;
export const MAX_TRIAGE_WORKING_DAYS = 30;
export const MAX_ROUTING_RULES = 100;

const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ORGANIZATION_REFERENCE = /^Organization\/[A-Za-z0-9.-]{1,64}$/;
const SERVICE_REFERENCE = /^HealthcareService\/[A-Za-z0-9.-]{1,64}$/;

export interface RuleProblem {
  /** Where, as `rules[2].routeTo`. */
  path: string;
  message: string;
}

export function isCatchAll(rule: Pick<RoutingRule, 'reasons' | 'hospitalUnits'>): boolean {
  return !rule.reasons?.length && !rule.hospitalUnits?.length;
}

/**
 * What is wrong with a proposed rule set's shape (empty when nothing): the API refuses it with these
 * as one OperationOutcome, and the admin page shows them beside the fields. Whether the services and
 * units exist is the API's to check against the directory.
 */
export function routingRuleProblems(value: unknown): RuleProblem[] {
  if (!Array.isArray(value)) return [{ path: 'rules', message: 'rules is a list of routing rules' }];
  if (value.length === 0) return [{ path: 'rules', message: 'a rule set needs at least one rule, the last matching every rejection' }];
  if (value.length > MAX_ROUTING_RULES) return [{ path: 'rules', message: `at most ${MAX_ROUTING_RULES} rules` }];
  const problems: RuleProblem[] = [];
  const ids = new Set<string>();
  value.forEach((rule: unknown, index) => {
    const at = (field: string) => `rules[${index}].${field}`;
    if (!rule || typeof rule !== 'object' || Array.isArray(rule)) {
      problems.push({ path: `rules[${index}]`, message: 'a rule is an object' });
      return;
    }
    const given = rule as Record<string, unknown>;
    const known = new Set(['id', 'description', 'reasons', 'hospitalUnits', 'routeTo', 'triageWorkingDays']);
    Object.keys(given).filter((key) => !known.has(key)).forEach((key) => problems.push({ path: at(key), message: `unknown field ${key}` }));
    if (typeof given.id !== 'string' || !RULE_ID.test(given.id)) problems.push({ path: at('id'), message: 'id is 1–64 letters, digits, dots, dashes or underscores' });
    else if (ids.has(given.id)) problems.push({ path: at('id'), message: `id ${given.id} is used twice` });
    else ids.add(given.id);
    if (given.description !== undefined && (typeof given.description !== 'string' || given.description.length > 500)) {
      problems.push({ path: at('description'), message: 'description is text of at most 500 characters' });
    }
    if (given.reasons !== undefined) {
      if (!Array.isArray(given.reasons)) problems.push({ path: at('reasons'), message: 'reasons is a list of rejection reason codes' });
      else
        given.reasons.forEach((reason, position) => {
          if (!isRejectionReason(reason)) {
            problems.push({ path: `${at('reasons')}[${position}]`, message: `unknown rejection reason; one of ${Object.keys(REJECTION_REASONS).join(', ')}` });
          }
        });
    }
    if (given.hospitalUnits !== undefined) {
      if (!Array.isArray(given.hospitalUnits)) problems.push({ path: at('hospitalUnits'), message: 'hospitalUnits is a list of Organization/<id> references' });
      else
        given.hospitalUnits.forEach((unit, position) => {
          if (typeof unit !== 'string' || !ORGANIZATION_REFERENCE.test(unit)) problems.push({ path: `${at('hospitalUnits')}[${position}]`, message: 'a hospital unit is Organization/<id>' });
        });
    }
    if (typeof given.routeTo !== 'string' || !SERVICE_REFERENCE.test(given.routeTo)) {
      problems.push({ path: at('routeTo'), message: 'routeTo is the low-threshold service as HealthcareService/<id>' });
    }
    if (given.triageWorkingDays !== undefined) {
      const days = given.triageWorkingDays;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_TRIAGE_WORKING_DAYS) {
        problems.push({ path: at('triageWorkingDays'), message: `triageWorkingDays is a whole number from 1 to ${MAX_TRIAGE_WORKING_DAYS}` });
      }
    }
  });
  const last = value[value.length - 1] as Partial<RoutingRule> | undefined;
  if (last && typeof last === 'object' && !isCatchAll(last)) {
    problems.push({ path: `rules[${value.length - 1}]`, message: 'the last rule must match every rejection (no reasons, no hospital units), so no rejection is routed nowhere' });
  }
  return problems;
}

/** The first rule that takes a rejection (the catch-all at the latest). */
export function pickRoutingRule(rules: readonly RoutingRule[], rejection: { reason: string; hospitalUnit: string }): RoutingRule | undefined {
  return rules.find(
    (rule) =>
      (!rule.reasons?.length || rule.reasons.includes(rejection.reason as RejectionReason)) &&
      (!rule.hospitalUnits?.length || rule.hospitalUnits.includes(rejection.hospitalUnit)),
  );
}
