import { Resource } from '@app/fhir';

/** The types whose changes a Subscription may ask for. */
export const SUBSCRIBABLE_TYPES = ['Task', 'Appointment', 'AppointmentResponse', 'ServiceRequest', 'MedicationStatement', 'EpisodeOfCare'];

/** Where a client puts the secret Bro signs notifications with; taken off the resource before it is stored. */
export const SIGNING_SECRET_EXTENSION = 'urn:bro:extension:signing-secret';

/** The channel types Bro delivers. */
export enum ChannelType {
  RestHook = 'rest-hook',
  Websocket = 'websocket',
}

export const CHANNEL_TYPES: string[] = Object.values(ChannelType);

/**
 * Seconds between heartbeats on a websocket channel, as the Subscriptions R5 Backport IG carries
 * it in R4 (on `Subscription.channel`, valueUnsignedInt).
 */
export const HEARTBEAT_PERIOD_EXTENSION = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-heartbeat-period';

interface Extension {
  url: string;
  valueUnsignedInt?: unknown;
}

export interface SubscriptionChannel {
  type?: string;
  endpoint?: string;
  payload?: string;
  header?: string[];
  extension?: Extension[];
}

export function channelOf(subscription: Resource): SubscriptionChannel {
  return (subscription.channel as SubscriptionChannel | undefined) ?? {};
}

/** The heartbeat-period extension's value as given (the write rule checks it), or undefined when there is none. */
export function requestedHeartbeatPeriod(subscription: Resource): unknown {
  const extensions = channelOf(subscription).extension;
  return Array.isArray(extensions) ? extensions.find((e) => e.url === HEARTBEAT_PERIOD_EXTENSION)?.valueUnsignedInt : undefined;
}

/** Seconds between heartbeats: what the Subscription asks for, else `fallback`. */
export function heartbeatPeriodOf(subscription: Resource, fallback: number): number {
  const requested = requestedHeartbeatPeriod(subscription);
  return typeof requested === 'number' && Number.isInteger(requested) && requested > 0 ? requested : fallback;
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
