import type { RoutingRule, RoutingRuleSet } from '../referrals/routing-rules';

/**
 * What `/api/referrals/routing-rules` answers with: written by the API, read by the admin page. Plain
 * types only, so the browser imports this file directly (`@app/fhir/api/routing-rule-answers`).
 */

/**
 * `GET /api/referrals/routing-rules`: the rule set in force, or, when none is stored yet, version 0 with no
 * rules, `stored: false` and a message saying what that means and what to do.
 */
export interface RoutingRulesAnswer {
  stored: boolean;
  version: number;
  rules: RoutingRule[];
  changedAt?: string;
  changedBy?: string;
  comment?: string;
  /** Only when nothing is stored. */
  message?: string;
}

/** `GET /api/referrals/routing-rules/history?page&pageSize`: every saved version, newest first. */
export interface RoutingRuleHistoryPage {
  total: number;
  page: number;
  pageSize: number;
  versions: RoutingRuleSet[];
}

/** One thing wrong with a proposed rule set, where (`rules[2].routeTo`) and what. */
export interface RoutingRuleProblemAnswer {
  path: string;
  message: string;
}

export const NO_ROUTING_RULES_MESSAGE =
  'No routing rules are stored: rejected referrals are not routed to a low-threshold service. An administrator saves a rule set (version 0) whose last rule matches every rejection.';
