import { Resource } from '@app/fhir';

/** The types whose changes a Subscription may ask for. */
export const SUBSCRIBABLE_TYPES = ['Task', 'Appointment', 'ServiceRequest', 'MedicationStatement'];

/** Where a client puts the secret Bro signs notifications with; taken off the resource before it is stored. */
export const SIGNING_SECRET_EXTENSION = 'urn:bro:extension:signing-secret';

export interface SubscriptionChannel {
  type?: string;
  endpoint?: string;
  payload?: string;
  header?: string[];
}

export function channelOf(subscription: Resource): SubscriptionChannel {
  return (subscription.channel as SubscriptionChannel | undefined) ?? {};
}

/** `Task?owner=X&status=requested` → the type and the search pairs. */
export function parseCriteria(criteria: unknown): { resourceType: string; pairs: Array<[string, string]> } | undefined {
  if (typeof criteria !== 'string') return undefined;
  const question = criteria.indexOf('?');
  const resourceType = question < 0 ? criteria : criteria.slice(0, question);
  if (!/^[A-Z][A-Za-z]+$/.test(resourceType)) return undefined;
  const pairs = question < 0 ? [] : [...new URLSearchParams(criteria.slice(question + 1)).entries()];
  return { resourceType, pairs };
}
