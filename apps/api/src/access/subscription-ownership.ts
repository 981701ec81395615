import { Principal } from '../auth/principal';
import { SqlParams } from '../fhir/search/search-sql.builder';

/**
 * The Subscriptions `principal` owns, as an SQL condition on `fhir_subscription`: the same person or
 * system (subject) through the same client. Used by the access policy, so every read, search,
 * history and write of a Subscription is narrowed to its owner in the database.
 */
export function ownedSubscriptionsSql(principal: Principal, params: SqlParams): string {
  const subject = params.add(principal.subject);
  const client = params.add(principal.clientId ?? null);
  return `id IN (SELECT subscription_id FROM subscription_owner WHERE subject = ${subject} AND client_id IS NOT DISTINCT FROM ${client}::text)`;
}
