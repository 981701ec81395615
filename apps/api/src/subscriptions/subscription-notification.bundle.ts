import { randomUUID } from 'node:crypto';
import { Resource } from '@app/fhir';

/**
 * How R4 carries a SubscriptionStatus: a Parameters resource of this profile, first in the
 * notification Bundle (Subscriptions R5 Backport IG).
 */
export const SUBSCRIPTION_STATUS_R4_PROFILE = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4';

/** Where a receiver finds the event id to de-duplicate on (Bundle.identifier.system). */
export const EVENT_ID_SYSTEM = 'urn:bro:event-id';

export type NotificationType = 'handshake' | 'heartbeat' | 'event-notification';

export interface NotificationContext {
  fhirBaseUrl: string;
  subscriptionId: string;
  /** The Subscription's status as Bro sees it now. */
  status: string;
  eventsSinceSubscriptionStart: number;
}

export interface NotifiedChange {
  eventId: string;
  eventNumber: number;
  timestamp: string;
  /** The changed resource at the version that changed. */
  resource: Resource;
}

function statusParameters(type: NotificationType, context: NotificationContext, change?: NotifiedChange): Resource {
  const parameter: Array<Record<string, unknown>> = [
    { name: 'subscription', valueReference: { reference: `${context.fhirBaseUrl}/Subscription/${context.subscriptionId}` } },
    { name: 'status', valueCode: context.status },
    { name: 'type', valueCode: type },
    // A string in the backport: the count may outgrow a FHIR integer.
    { name: 'events-since-subscription-start', valueString: String(context.eventsSinceSubscriptionStart) },
  ];
  if (change) {
    const { resourceType, id, meta } = change.resource;
    parameter.push({
      name: 'notification-event',
      part: [
        { name: 'event-number', valueString: String(change.eventNumber) },
        { name: 'timestamp', valueInstant: change.timestamp },
        { name: 'focus', valueReference: { reference: `${context.fhirBaseUrl}/${resourceType}/${id}/_history/${meta?.versionId}` } },
      ],
    });
  }
  return { resourceType: 'Parameters', id: randomUUID(), meta: { profile: [SUBSCRIPTION_STATUS_R4_PROFILE] }, parameter };
}

function notificationBundle(type: NotificationType, context: NotificationContext, change?: NotifiedChange): Resource {
  const status = statusParameters(type, context, change);
  const entries: Array<Record<string, unknown>> = [
    {
      fullUrl: `urn:uuid:${status.id}`,
      resource: status,
      request: { method: 'GET', url: `${context.fhirBaseUrl}/Subscription/${context.subscriptionId}/$status` },
      response: { status: '200' },
    },
  ];
  if (change) {
    const { resourceType, id, meta } = change.resource;
    const created = meta?.versionId === '1';
    entries.push({
      fullUrl: `${context.fhirBaseUrl}/${resourceType}/${id}`,
      resource: change.resource,
      request: created ? { method: 'POST', url: resourceType } : { method: 'PUT', url: `${resourceType}/${id}` },
      response: { status: created ? '201' : '200', etag: `W/"${meta?.versionId}"`, lastModified: meta?.lastUpdated },
    });
  }
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    ...(change ? { identifier: { system: EVENT_ID_SYSTEM, value: change.eventId } } : {}),
    type: 'history',
    timestamp: new Date().toISOString(),
    entry: entries,
  };
}

/** Sent once a socket is bound: the Subscription is live on this connection from now on. */
export function handshakeBundle(context: NotificationContext): Resource {
  return notificationBundle('handshake', context);
}

/** Sent every heartbeat period, so the client knows the connection and the Subscription are alive. */
export function heartbeatBundle(context: NotificationContext): Resource {
  return notificationBundle('heartbeat', context);
}

/**
 * One change: the status entry, then the changed resource at its exact version (full-resource
 * payload). The event is the Subscription's `eventNumber`th, so that is the count so far.
 */
export function eventNotificationBundle(context: Omit<NotificationContext, 'eventsSinceSubscriptionStart'>, change: NotifiedChange): Resource {
  return notificationBundle('event-notification', { ...context, eventsSinceSubscriptionStart: change.eventNumber }, change);
}
