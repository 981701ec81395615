import type { RoutingRule } from '@app/fhir/referrals/routing-rules';
import type { RoutingRulesAnswer } from '@app/fhir/api/routing-rule-answers';
import { apiRequest, queryString } from '../../api/api-client';

/** Every request the routing-rules page makes, in one place (docs/security.md names the endpoints). */
export const ROUTING_RULES_PATH = '/api/referrals/routing-rules';

export function routingRuleHistoryPath(page: number, pageSize = 10): string {
  return `${ROUTING_RULES_PATH}/history${queryString({ page, pageSize })}`;
}

/** Saves the whole set as the next version; `version` is the one the administrator edited (0 when none was stored). */
export function saveRoutingRules(version: number, rules: RoutingRule[], comment?: string): Promise<RoutingRulesAnswer> {
  return apiRequest<RoutingRulesAnswer>(ROUTING_RULES_PATH, { method: 'PUT', body: { version, rules, ...(comment ? { comment } : {}) } });
}

export interface ServiceChoice {
  reference: string;
  name: string;
  active: boolean;
}

interface ServiceBundle {
  entry?: Array<{ resource?: { resourceType: string; id: string; name?: string; active?: boolean } }>;
}

/** The directory's HealthcareServices (a handful: the municipality's low-threshold services), by name. */
export async function healthcareServices(): Promise<ServiceChoice[]> {
  const bundle = await apiRequest<ServiceBundle>('/fhir/R4/HealthcareService?_count=200');
  return (bundle.entry ?? [])
    .map((entry) => entry.resource!)
    .filter((resource) => resource?.resourceType === 'HealthcareService')
    .map((resource) => ({ reference: `HealthcareService/${resource.id}`, name: resource.name ?? resource.id, active: resource.active !== false }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}
