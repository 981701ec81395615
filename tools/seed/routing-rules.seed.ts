/**
 * The demo's routing rules for rejected referrals: one catch-all rule sending every rejection to the
 * municipality's low-threshold service. Rules are Bro's own data behind /api (not FHIR), changed only by an
 * administrator with history, so the seed saves them the way an administrator does: `PUT
 * /api/referrals/routing-rules` as the demo user `admin`, through the same checks. Only when none are
 * stored: a rule set an administrator saved is never overwritten, and a second run changes nothing.
 */
import type { RoutingRule } from '@app/fhir/referrals/routing-rules';
import type { RoutingRulesAnswer } from '@app/fhir/api/routing-rule-answers';
import { fetchDemoToken } from '../identity-provider/demo-token';
import { SeedError } from './fhir-uploader';

const ROUTING_RULES_PATH = '/api/referrals/routing-rules';
/** The demo user who may change the rules (tools/identity-provider/demo-users.json). */
export const ROUTING_RULES_ADMIN = 'admin';
export const DEFAULT_ROUTING_COMMENT = 'Standardregel fra demodataene (npm run seed): alle avslag til lavterskeltilbudet';

export function defaultRoutingRules(lowThresholdService: string): RoutingRule[] {
  return [{ id: 'alle', description: 'Alle avviste henvisninger', routeTo: lowThresholdService }];
}

export interface RoutingRulesSeedOptions {
  /** The FHIR base (`http://localhost:3000/fhir/R4`): the API's origin is taken from it. */
  fhirBaseUrl: string;
  /** `HealthcareService/<id>` of the seeded low-threshold service. */
  lowThresholdService: string;
  /** An administrator's access token; without it one is fetched for the demo user `admin` from `oidcIssuer`. */
  adminToken?: string;
  oidcIssuer: string;
}

export type RoutingRulesSeedResult = { created: boolean; version: number };

function apiUrl(fhirBaseUrl: string): string {
  return `${new URL(fhirBaseUrl).origin}${ROUTING_RULES_PATH}`;
}

async function call(url: string, token: string, init: { method: string; body?: unknown }): Promise<{ status: number; body: RoutingRulesAnswer & { message?: string } }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new SeedError(`Bro's API is not reachable at ${url} — start it with npm start`, { cause: error });
  }
  const text = await response.text();
  let body: RoutingRulesAnswer & { message?: string };
  try {
    body = (text ? JSON.parse(text) : {}) as typeof body;
  } catch {
    throw new SeedError(`Bro's API answered ${response.status} to ${init.method} ${ROUTING_RULES_PATH} with something other than JSON`);
  }
  return { status: response.status, body };
}

/** Saves the default rule set as version 1 when no rules are stored yet; leaves stored rules as they are. */
export async function seedRoutingRules(options: RoutingRulesSeedOptions): Promise<RoutingRulesSeedResult> {
  const url = apiUrl(options.fhirBaseUrl);
  let token = options.adminToken;
  if (!token) {
    try {
      token = await fetchDemoToken(options.oidcIssuer.replace(/\/$/, ''), ROUTING_RULES_ADMIN);
    } catch (error) {
      throw new SeedError(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
  const current = await call(url, token, { method: 'GET' });
  if (current.status !== 200) throw new SeedError(`Bro's API answered ${current.status} to GET ${ROUTING_RULES_PATH}: ${current.body.message ?? ''}`.trim());
  if (current.body.stored) return { created: false, version: current.body.version };

  const saved = await call(url, token, { method: 'PUT', body: { version: 0, rules: defaultRoutingRules(options.lowThresholdService), comment: DEFAULT_ROUTING_COMMENT } });
  // Another seed (or an administrator) saved version 1 between the two calls: theirs stands.
  if (saved.status === 412) return { created: false, version: (await call(url, token, { method: 'GET' })).body.version };
  if (saved.status !== 200) throw new SeedError(`Bro's API answered ${saved.status} to PUT ${ROUTING_RULES_PATH}: ${saved.body.message ?? ''}`.trim());
  return { created: true, version: saved.body.version };
}
