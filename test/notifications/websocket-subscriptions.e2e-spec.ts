import WebSocket from 'ws';
import { Bundle, Resource } from '@app/fhir';
import { HEARTBEAT_PERIOD_EXTENSION } from '../../apps/api/src/subscriptions/subscription-fields';
import { EVENT_ID_SYSTEM } from '../../apps/api/src/subscriptions/subscription-notification.bundle';
import { TestApi, startTestApi } from '../support/test-api';
import { startTestWorker } from '../support/test-worker';
import { waitFor } from '../support/wait-for';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';

jest.setTimeout(30_000);

interface Parameter {
  name: string;
  valueString?: string;
  valueCode?: string;
  valueUrl?: string;
  valueDateTime?: string;
  valueReference?: { reference: string };
  part?: Parameter[];
}

/** What a receiver reads off a notification Bundle's first entry (the R4 SubscriptionStatus Parameters). */
interface Status {
  type?: string;
  status?: string;
  subscription?: string;
  eventsSinceSubscriptionStart?: string;
  eventNumber?: string;
  focus?: string;
}

function statusOf(bundle: Bundle): Status {
  const parameters = (bundle.entry?.[0]?.resource as { parameter?: Parameter[] } | undefined)?.parameter ?? [];
  const named = (name: string, list = parameters) => list.find((p) => p.name === name);
  const event = named('notification-event')?.part ?? [];
  return {
    type: named('type')?.valueCode,
    status: named('status')?.valueCode,
    subscription: named('subscription')?.valueReference?.reference,
    eventsSinceSubscriptionStart: named('events-since-subscription-start')?.valueString,
    eventNumber: named('event-number', event)?.valueString,
    focus: named('focus', event)?.valueReference?.reference,
  };
}

/** A websocket client the way an external system would run one: every frame kept, the close recorded. */
class Receiver {
  readonly frames: Array<Record<string, unknown>> = [];
  closed?: { code: number; reason: string };

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
    socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static async open(url: string): Promise<Receiver> {
    const socket = new WebSocket(url);
    const receiver = new Receiver(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return receiver;
  }

  bind(token: string): void {
    this.socket.send(JSON.stringify({ type: 'bind-with-token', payload: { token } }));
  }

  notifications(subscriptionId: string, type?: string): Bundle[] {
    return this.frames
      .filter((frame): frame is Bundle => frame.resourceType === 'Bundle')
      .filter((bundle) => statusOf(bundle).subscription?.endsWith(`/Subscription/${subscriptionId}`) && (!type || statusOf(bundle).type === type));
  }

  /** The resources (at their versions) this Subscription was notified of, in the order they came. */
  changes(subscriptionId: string): Resource[] {
    return this.notifications(subscriptionId, 'event-notification').map((bundle) => bundle.entry![1].resource as Resource);
  }

  errors(): Array<{ code: string; diagnostics: string }> {
    return this.frames.filter((frame) => frame.resourceType === 'OperationOutcome').flatMap((outcome) => outcome.issue as Array<{ code: string; diagnostics: string }>);
  }

  close(): void {
    this.socket.close();
  }
}

/** This instance's own socket endpoint (the public websocket-url may lead to any instance). */
function socketUrlOf(instance: TestApi): string {
  return `${instance.origin.replace(/^http/, 'ws')}/fhir/R4/ws/subscriptions`;
}

function parameter(parameters: { parameter?: Parameter[] }, name: string): Parameter | undefined {
  return parameters.parameter?.find((p) => p.name === name);
}

describe('FHIR Subscriptions by websocket', () => {
  let api: TestApi;
  /**
   * A second API instance behind the same public URL (its binding tokens live one second): sockets
   * bound here get what the worker matched all the same.
   */
  let otherApi: TestApi;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  const receivers: Receiver[] = [];

  const subscribe = async (criteria: string, heartbeatSeconds?: number): Promise<Resource> => {
    const created = await callAs<Resource>(api, 'ehr', 'POST', '/fhir/R4/Subscription', {
      resourceType: 'Subscription',
      status: 'requested',
      reason: 'The hospital EHR shows GP responses as they happen',
      criteria,
      channel: {
        type: 'websocket',
        payload: 'application/fhir+json',
        ...(heartbeatSeconds ? { extension: [{ url: HEARTBEAT_PERIOD_EXTENSION, valueUnsignedInt: heartbeatSeconds }] } : {}),
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('active');
    return created.body;
  };

  const bindingToken = async (on: TestApi, subscriptionId: string, user = 'ehr', method = 'POST') =>
    callAs<{ resourceType: string; parameter?: Parameter[]; issue?: Array<{ code: string; diagnostics: string }> }>(on, user, method, `/fhir/R4/Subscription/${subscriptionId}/$get-ws-binding-token`);

  /** Opens a socket on `on` and binds it to each Subscription with a token from the first API instance. */
  const bindAll = async (on: TestApi, subscriptionIds: string[]): Promise<Receiver> => {
    const receiver = await Receiver.open(socketUrlOf(on));
    receivers.push(receiver);
    for (const id of subscriptionIds) {
      const answer = await bindingToken(api, id);
      expect(answer.status).toBe(200);
      receiver.bind(parameter(answer.body, 'token')!.valueString!);
      await waitFor(() => receiver.notifications(id, 'handshake').length > 0, `the handshake for Subscription/${id}`);
    }
    return receiver;
  };

  const turnOff = (subscription: Resource) => callAs(api, 'ehr', 'PUT', `/fhir/R4/Subscription/${subscription.id}`, { ...subscription, status: 'off' });

  beforeAll(async () => {
    api = await startTestApi();
    otherApi = await startTestApi({ FHIR_BASE_URL: api.baseUrl, WEBSOCKET_BINDING_TOKEN_SECONDS: '1' });
    worker = await startTestWorker();
  });
  afterEach(() => {
    for (const receiver of receivers.splice(0)) receiver.close();
  });
  afterAll(async () => {
    await worker.close();
    await otherApi.close();
    await api.close();
  });

  it('hands out a binding token only to a caller who may read the Subscription and what it carries', async () => {
    const subscription = await subscribe(`Task?owner=${gpRole('gp2')}`);
    const issued = await bindingToken(api, subscription.id!, 'ehr', 'GET');
    expect(issued.status).toBe(200);
    expect(issued.body.resourceType).toBe('Parameters');
    expect(parameter(issued.body, 'token')?.valueString).toMatch(/^[\w-]{40,}$/);
    expect(parameter(issued.body, 'websocket-url')?.valueUrl).toBe(`${api.baseUrl.replace(/^http/, 'ws')}/ws/subscriptions`);
    const expiration = Date.parse(parameter(issued.body, 'expiration')!.valueDateTime!);
    expect(expiration).toBeGreaterThan(Date.now());
    expect(expiration).toBeLessThanOrEqual(Date.now() + 300_000);

    // A GP may not read Subscriptions at all; a system client without system/Subscription.r neither.
    for (const user of ['gp', 'reporting']) {
      const refused = await bindingToken(api, subscription.id!, user);
      expect(refused.status).toBe(403);
      expect(refused.body.resourceType).toBe('OperationOutcome');
      expect(refused.body.issue![0].code).toBe('forbidden');
    }
    // An administrator may manage Subscriptions, but this one is the EHR's: to anyone else it does not exist.
    const admin = await bindingToken(api, subscription.id!, 'admin');
    expect(admin.status).toBe(404);
    expect(admin.body.resourceType).toBe('OperationOutcome');
    const missing = await bindingToken(api, 'does-not-exist');
    expect(missing.status).toBe(404);
    expect(missing.body.resourceType).toBe('OperationOutcome');

    // A rest-hook Subscription has no socket to bind; a websocket one has no secret or endpoint.
    const restHook = await callAs<Resource>(api, 'ehr', 'POST', '/fhir/R4/Subscription', {
      resourceType: 'Subscription',
      status: 'requested',
      reason: 'Our EHR follows the tasks it handed over',
      criteria: `Task?owner=${gpRole('gp2')}`,
      channel: { type: 'rest-hook', endpoint: 'http://127.0.0.1:9/hook', payload: 'application/fhir+json' },
      extension: [{ url: 'urn:bro:extension:signing-secret', valueString: 'a-receiver-secret-of-at-least-32-characters' }],
    });
    expect((await bindingToken(api, restHook.body.id!)).status).toBe(422);
    const withSecret = await callAs(api, 'ehr', 'POST', '/fhir/R4/Subscription', {
      ...subscription,
      id: undefined,
      meta: undefined,
      extension: [{ url: 'urn:bro:extension:signing-secret', valueString: 'a-receiver-secret-of-at-least-32-characters' }],
    });
    expect(withSecret.status).toBe(422);
    await turnOff(subscription);
    await turnOff(restHook.body);
    expect((await bindingToken(api, subscription.id!)).status).toBe(422);
  });

  it('announces the operation and the websocket endpoint in the CapabilityStatement', async () => {
    const metadata = (await (await fetch(`${api.baseUrl}/metadata`)).json()) as {
      rest: Array<{ extension?: Array<{ url: string; valueUri: string }>; resource: Array<{ type: string; operation?: Array<{ name: string }> }> }>;
    };
    const rest = metadata.rest[0];
    expect(rest.resource.find((r) => r.type === 'Subscription')?.operation?.map((o) => o.name)).toContain('get-ws-binding-token');
    expect(rest.extension).toContainEqual({ url: 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-websocket', valueUri: `${api.baseUrl.replace(/^http/, 'ws')}/ws/subscriptions` });
  });

  it('sends a handshake, then each matching change at its exact version in order, through whichever API instance holds the socket', async () => {
    const mine = await subscribe(`Task?owner=${gpRole('gp2')}`);
    // Another system's Subscription to the other GP's tasks: it shows when the worker has matched a change Bro must not send to `mine`.
    const others = await subscribe(`Task?owner=${gpRole('gp')}`);
    const receiver = await bindAll(otherApi, [mine.id!, others.id!]);

    const handshake = statusOf(receiver.notifications(mine.id!, 'handshake')[0]);
    expect(handshake).toMatchObject({ type: 'handshake', status: 'active', subscription: `${api.baseUrl}/Subscription/${mine.id}`, eventsSinceSubscriptionStart: '0' });

    const { tasks } = await postHandover(await api.fhirClient('ehr'), handover({ patient: newPatient(gpRole('gp2')) }));
    const task = tasks[0];
    await waitFor(() => receiver.changes(mine.id!).length === 1, 'the notification of the new task');
    const first = receiver.notifications(mine.id!, 'event-notification')[0];
    expect(first.type).toBe('history');
    expect(statusOf(first)).toMatchObject({ type: 'event-notification', eventNumber: '1', eventsSinceSubscriptionStart: '1', focus: `${api.baseUrl}/Task/${task.id}/_history/1` });
    expect(first.entry![1].resource).toEqual(task);
    expect(first.entry![1].fullUrl).toBe(`${api.baseUrl}/Task/${task.id}`);
    const firstEventId = (first.identifier as { system: string; value: string }).value;
    expect((first.identifier as { system: string }).system).toBe(EVENT_ID_SYSTEM);

    // The GP accepts, then starts: versions 2 and 3 come in order, each with its own event id.
    const accepted = await callAs<{ task: { version: number } }>(api, 'gp2', 'POST', `/api/tasks/${task.id}/accept`, { version: 1 });
    expect(accepted.body.task.version).toBe(2);
    const started = await callAs<{ task: { version: number } }>(api, 'gp2', 'POST', `/api/tasks/${task.id}/start`, { version: 2 });
    expect(started.body.task.version).toBe(3);
    await waitFor(() => receiver.changes(mine.id!).length === 3, 'versions 2 and 3');
    expect(receiver.changes(mine.id!).map((resource) => [resource.id, resource.meta?.versionId, resource.status])).toEqual([
      [task.id, '1', 'requested'],
      [task.id, '2', 'accepted'],
      [task.id, '3', 'in-progress'],
    ]);
    const current = await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Task/${task.id}`);
    expect(receiver.changes(mine.id!)[2]).toEqual(current.body);
    const numbers = receiver.notifications(mine.id!, 'event-notification').map((bundle) => statusOf(bundle).eventNumber);
    expect(numbers).toEqual(['1', '2', '3']);
    const eventIds = receiver.notifications(mine.id!, 'event-notification').map((bundle) => (bundle.identifier as { value: string }).value);
    expect(new Set(eventIds).size).toBe(3);
    expect(eventIds[0]).toBe(firstEventId);

    // The other GP's task: the worker matched it (the other Subscription has it); `mine` never hears of it,
    // not even after one more change of its own has come through behind it.
    const other = await postHandover(await api.fhirClient('ehr'), handover({ patient: newPatient(gpRole('gp')) }));
    await waitFor(() => receiver.changes(others.id!).some((resource) => resource.id === other.tasks[0].id), "the other Subscription's notification");
    const behind = await postHandover(await api.fhirClient('ehr'), handover({ patient: newPatient(gpRole('gp2')) }));
    await waitFor(() => receiver.changes(mine.id!).some((resource) => resource.id === behind.tasks[0].id), 'the next matching change');
    expect(receiver.changes(mine.id!).map((resource) => resource.id)).not.toContain(other.tasks[0].id);
    expect(receiver.errors()).toEqual([]);
    await turnOff(mine);
    await turnOff(others);
  });

  it('sends a heartbeat every period the Subscription asks for, and closes the socket once the Subscription is off', async () => {
    const subscription = await subscribe(`Task?owner=${gpRole('gp2')}&status=completed`, 1);
    const receiver = await bindAll(api, [subscription.id!]);
    await waitFor(() => receiver.notifications(subscription.id!, 'heartbeat').length >= 2, 'two heartbeats');
    const heartbeat = statusOf(receiver.notifications(subscription.id!, 'heartbeat')[0]);
    expect(heartbeat).toMatchObject({ status: 'active', subscription: `${api.baseUrl}/Subscription/${subscription.id}`, eventsSinceSubscriptionStart: '0' });

    await turnOff(subscription);
    await waitFor(() => receiver.closed, 'the socket to close');
    expect(receiver.closed!.reason).toMatch(/no longer active/);
  });

  it('refuses an unknown or expired token with an OperationOutcome and closes the socket', async () => {
    const subscription = await subscribe(`Task?owner=${gpRole('gp2')}`);
    const url = socketUrlOf(otherApi);

    const guessed = await Receiver.open(url);
    guessed.bind('a-token-nobody-issued');
    await waitFor(() => guessed.closed, 'the socket with an unknown token to close');
    expect(guessed.closed!.code).toBe(1008);
    expect(guessed.errors()).toEqual([expect.objectContaining({ code: 'security', diagnostics: expect.stringMatching(/not valid/) })]);
    expect(guessed.frames.filter((frame) => frame.resourceType === 'Bundle')).toEqual([]);

    // The other instance's tokens last one second: one that has run out no longer binds.
    const issued = await bindingToken(otherApi, subscription.id!);
    const expiration = Date.parse(parameter(issued.body, 'expiration')!.valueDateTime!);
    await waitFor(() => Date.now() > expiration, 'the token to expire');
    const late = await Receiver.open(url);
    late.bind(parameter(issued.body, 'token')!.valueString!);
    await waitFor(() => late.closed, 'the socket with an expired token to close');
    expect(late.closed!.code).toBe(1008);
    expect(late.closed!.reason).toMatch(/expired/);
    expect(late.errors()).toEqual([expect.objectContaining({ code: 'expired' })]);

    const garbled = await Receiver.open(url);
    receivers.push(garbled);
    garbled.socket.send('hello');
    await waitFor(() => garbled.errors().length > 0, 'an error for a message that is not JSON');
    expect(garbled.errors()[0].code).toBe('invalid');
    await turnOff(subscription);
  });

  it('shares the HTTP server with socket.io: its upgrades still work, and an upgrade on an unknown path gets 404', async () => {
    const refused = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${api.origin.replace(/^http/, 'ws')}/somewhere-else`);
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('an unknown path was upgraded')));
      socket.on('error', () => undefined);
    });
    expect(refused).toBe(404);
    const engineIo = await new Promise<boolean>((resolve) => {
      const socket = new WebSocket(`${api.origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers: { Origin: api.config.webOrigin } });
      socket.on('message', (data) => {
        // engine.io's open packet ("0{...}") proves socket.io answered the upgrade.
        resolve(data.toString().startsWith('0'));
        socket.close();
      });
      socket.on('error', () => resolve(false));
    });
    expect(engineIo).toBe(true);
  });
});
