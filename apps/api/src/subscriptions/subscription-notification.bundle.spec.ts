import { EVENT_ID_SYSTEM, SUBSCRIPTION_STATUS_R4_PROFILE, eventNotificationBundle, handshakeBundle } from './subscription-notification.bundle';

const base = 'https://bro.example/fhir/R4';
const task = { resourceType: 'Task', id: 't1', meta: { versionId: '2', lastUpdated: '2026-11-20T14:00:00.000Z' }, status: 'accepted' };

function parameters(bundle: ReturnType<typeof handshakeBundle>) {
  const entries = bundle.entry as Array<{ resource: { meta: { profile: string[] }; parameter: Array<{ name: string; part?: unknown[] } & Record<string, unknown>> } }>;
  return entries[0].resource;
}

describe('websocket notification Bundles (R4 backport)', () => {
  it('a handshake: a history Bundle with only the SubscriptionStatus Parameters', () => {
    const bundle = handshakeBundle({ fhirBaseUrl: base, subscriptionId: 's1', status: 'active', eventsSinceSubscriptionStart: 4 });
    expect(bundle.type).toBe('history');
    expect(bundle.entry).toHaveLength(1);
    expect(bundle.identifier).toBeUndefined();
    const status = parameters(bundle);
    expect(status.meta.profile).toEqual([SUBSCRIPTION_STATUS_R4_PROFILE]);
    expect(status.parameter).toEqual([
      { name: 'subscription', valueReference: { reference: `${base}/Subscription/s1` } },
      { name: 'status', valueCode: 'active' },
      { name: 'type', valueCode: 'handshake' },
      { name: 'events-since-subscription-start', valueString: '4' },
    ]);
  });

  it('an event: its number, the focus at its version, then the resource itself as an update', () => {
    const bundle = eventNotificationBundle({ fhirBaseUrl: base, subscriptionId: 's1', status: 'active' }, { eventId: 'e-9', eventNumber: 9, timestamp: '2026-11-20T14:00:01.000Z', resource: task });
    expect(bundle.identifier).toEqual({ system: EVENT_ID_SYSTEM, value: 'e-9' });
    const status = parameters(bundle);
    expect(status.parameter.find((p) => p.name === 'events-since-subscription-start')).toEqual({ name: 'events-since-subscription-start', valueString: '9' });
    expect(status.parameter.find((p) => p.name === 'notification-event')?.part).toEqual([
      { name: 'event-number', valueString: '9' },
      { name: 'timestamp', valueInstant: '2026-11-20T14:00:01.000Z' },
      { name: 'focus', valueReference: { reference: `${base}/Task/t1/_history/2` } },
    ]);
    expect((bundle.entry as unknown[])[1]).toEqual({
      fullUrl: `${base}/Task/t1`,
      resource: task,
      request: { method: 'PUT', url: 'Task/t1' },
      response: { status: '200', etag: 'W/"2"', lastModified: '2026-11-20T14:00:00.000Z' },
    });
  });

  it('a first version is announced as a create', () => {
    const created = { ...task, meta: { versionId: '1' } };
    const bundle = eventNotificationBundle({ fhirBaseUrl: base, subscriptionId: 's1', status: 'active' }, { eventId: 'e-1', eventNumber: 1, timestamp: 'x', resource: created });
    expect((bundle.entry as Array<{ request: unknown; response: { status: string } }>)[1].request).toEqual({ method: 'POST', url: 'Task' });
  });
});
