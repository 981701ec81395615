import { createServer, IncomingMessage, Server } from 'node:http';
import Client from 'fhir-kit-client';
import { Resource } from '@app/fhir';
import { verifyRestHookSignature } from '../../apps/api/src/subscriptions/rest-hook-signature';
import { freePort } from '../support/free-port';
import { Ledgers, openLedgers } from '../support/settled';
import { TestApi, startTestApi } from '../support/test-api';
import { waitFor } from '../support/wait-for';
import { startTestWorker } from '../support/test-worker';
import { callAs, gpRole, handover, newPatient, postHandover, wardOfTheDemoUnit } from '../support/transfers';

jest.setTimeout(30_000);

interface Received {
  eventId: string;
  signature?: string;
  authorization?: string;
  body: string;
  answered: number;
}

/** A receiver that answers 500 to the first `failures` POSTs of each event (or only of the first event it sees), then 200. */
async function startReceiver(failures: number, onlyFirstEvent = false): Promise<{ url: string; received: Received[]; heal(): void; close(): Promise<void> }> {
  const received: Received[] = [];
  const limit = { failures };
  const port = await freePort();
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const eventId = String(request.headers['x-bro-event-id']);
      const earlier = received.filter((r) => r.eventId === eventId).length;
      const failing = !onlyFirstEvent || received.length === 0 || received[0].eventId === eventId;
      const answered = failing && earlier < limit.failures ? 500 : 200;
      received.push({ eventId, signature: request.headers['x-bro-signature'] as string, authorization: request.headers.authorization, body, answered });
      response.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    heal: () => (limit.failures = 0),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('FHIR Subscriptions by rest-hook', () => {
  let api: TestApi;
  let ehr: Client;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let ledgers: Ledgers;
  let ward: string;
  const secret = 'a-receiver-secret-of-at-least-32-characters';

  /** What the Subscription is owed, as the delivery ledger records it. */
  const owedTo = async (subscriptionId: string) =>
    (
      await ledgers.pool.query<{ resource: string; version_id: number; state: string }>(
        `SELECT resource, version_id, state FROM subscription_delivery WHERE subscription_id = $1 ORDER BY resource, version_id`,
        [subscriptionId],
      )
    ).rows;

  const subscriptionsMade: string[] = [];
  const subscribe = async (endpoint: string, owner: string) => {
    const answer = await callAs<Resource>(api, 'ehr', 'POST', '/fhir/R4/Subscription', {
      resourceType: 'Subscription',
      status: 'requested',
      reason: 'Hospital EHR follows the tasks it handed over',
      // Only this file's hand-overs (from a ward of its own): work other test files left owed for the same GP is not this test's.
      criteria: `Task?owner=${owner}&requester=${ward}`,
      channel: { type: 'rest-hook', endpoint, payload: 'application/fhir+json', header: ['Authorization: Bearer receiver-token'] },
      extension: [{ url: 'urn:bro:extension:signing-secret', valueString: secret }],
    });
    if (answer.body?.id) subscriptionsMade.push(answer.body.id);
    return answer;
  };

  /**
   * Each test's Subscription is switched off when the test ends, passed or not: left active, its
   * receiver gone, it would be owed every later hand-over to the GP for hours, in other test files too.
   */
  afterEach(async () => {
    for (const id of subscriptionsMade.splice(0)) {
      const current = await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Subscription/${id}`);
      if (current.body.status !== 'off') expect((await callAs(api, 'ehr', 'PUT', `/fhir/R4/Subscription/${id}`, { ...current.body, status: 'off', error: undefined })).status).toBe(200);
    }
  });

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    ward = await wardOfTheDemoUnit(api);
    worker = await startTestWorker({ REST_HOOK_FIRST_RETRY_MS: '50', REST_HOOK_RETRY_HORIZON_SECONDS: '2' });
    ledgers = openLedgers(api.config);
  });
  afterAll(async () => {
    await ledgers.close();
    await worker.close();
    await api.close();
  });

  it('keeps the signing secret out of the stored Subscription, and refuses one without', async () => {
    const receiver = await startReceiver(0);
    try {
      const created = await subscribe(receiver.url, gpRole('gp'));
      expect(created.status).toBe(201);
      expect(created.body.status).toBe('active');
      expect(JSON.stringify(created.body)).not.toContain(secret);
      const read = await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Subscription/${created.body.id}`);
      expect(JSON.stringify(read.body)).not.toContain(secret);
      const unsigned = await callAs(api, 'ehr', 'POST', '/fhir/R4/Subscription', { ...created.body, id: undefined, meta: undefined, extension: undefined });
      expect(unsigned.status).toBe(422);
      expect((await callAs(api, 'gp', 'POST', '/fhir/R4/Subscription', { ...created.body, id: undefined })).status).toBe(403);
      await callAs(api, 'ehr', 'PUT', `/fhir/R4/Subscription/${created.body.id}`, { ...read.body, status: 'off' });
    } finally {
      await receiver.close();
    }
  });

  it('delivers a matching change, signed, exactly once after a receiver failed three times', async () => {
    const receiver = await startReceiver(3);
    try {
      const subscription = await subscribe(receiver.url, gpRole('gp2'));
      const subscriptionIds = [subscription.body.id!];
      const since = await ledgers.mark();
      const { tasks } = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp2')), requester: ward }));
      // Every delivery owed to the Subscription settled and no attempt under way: what the receiver has is all it gets.
      await ledgers.allSettled({ since, subscriptionIds });
      expect(await owedTo(subscription.body.id!)).toEqual([{ resource: `Task/${tasks[0].id}`, version_id: 1, state: 'delivered' }]);
      const forTask = receiver.received.filter((r) => (JSON.parse(r.body) as Resource).id === tasks[0].id);
      expect(forTask).toHaveLength(receiver.received.length);
      expect(forTask.map((r) => r.answered)).toEqual([500, 500, 500, 200]);
      expect(new Set(forTask.map((r) => r.eventId)).size).toBe(1);
      const delivered = forTask[3];
      expect(verifyRestHookSignature(secret, delivered.body, delivered.signature)).toBe(true);
      expect(verifyRestHookSignature('another-secret-another-secret-xx', delivered.body, delivered.signature)).toBe(false);
      expect(delivered.authorization).toBe('Bearer receiver-token');
      expect(JSON.parse(delivered.body)).toEqual(tasks[0]);
      // A change that does not match the criteria (another GP's task) is not sent.
      const beforeOther = await ledgers.mark();
      const other = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')), requester: ward }));
      // Its events are matched (and anything owed for them settled): the Subscription was owed nothing.
      await ledgers.allSettled({ since: beforeOther, subscriptionIds });
      expect(await owedTo(subscription.body.id!)).toEqual([{ resource: `Task/${tasks[0].id}`, version_id: 1, state: 'delivered' }]);
      expect(receiver.received.some((r) => (JSON.parse(r.body) as Resource).id === other.tasks[0].id)).toBe(false);
      expect(receiver.received).toHaveLength(4);
    } finally {
      await receiver.close();
    }
  });

  it('matches nothing for a Subscription whose stored criteria no longer run, and still serves the others', async () => {
    const receiver = await startReceiver(0);
    try {
      const stale = await subscribe(receiver.url, gpRole('gp2'));
      const served = await subscribe(receiver.url, gpRole('gp2'));
      // As if stored before search refused the modifier: the write path would refuse it now (400).
      await ledgers.pool.query(`UPDATE fhir_subscription SET resource = jsonb_set(resource, '{criteria}', to_jsonb($2::text)) WHERE id = $1`, [
        stale.body.id,
        `Task?_id:below=x&owner=${gpRole('gp2')}&requester=${ward}`,
      ]);
      const subscriptionIds = [stale.body.id!, served.body.id!];
      const since = await ledgers.mark();
      const { tasks } = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp2')), requester: ward }));
      await ledgers.allSettled({ since, subscriptionIds });
      expect(await owedTo(stale.body.id!)).toEqual([]);
      expect(await owedTo(served.body.id!)).toEqual([{ resource: `Task/${tasks[0].id}`, version_id: 1, state: 'delivered' }]);
      // Its owner mends it (criteria Bro runs again), here switching it off too.
      const current = await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Subscription/${stale.body.id}`);
      const mended = await callAs(api, 'ehr', 'PUT', `/fhir/R4/Subscription/${stale.body.id}`, { ...current.body, criteria: stale.body.criteria, status: 'off' });
      expect(mended.status).toBe(200);
    } finally {
      await receiver.close();
    }
  });

  it('delivers every version of a resource in order, a newer one waiting while an older one is retried', async () => {
    // Only version 1's event fails (three times): without the ordering, version 2 would overtake it.
    const receiver = await startReceiver(3, true);
    try {
      const subscription = await subscribe(receiver.url, gpRole('gp2'));
      const { tasks } = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp2')), requester: ward }));
      // Version 2 is written while version 1 is still failing at the receiver.
      const accepted = await callAs<{ task: { version: number } }>(api, 'gp2', 'POST', `/api/tasks/${tasks[0].id}/accept`, { version: 1 });
      expect(accepted.body.task.version).toBe(2);
      const versionsDelivered = () =>
        receiver.received
          .filter((r) => r.answered === 200 && (JSON.parse(r.body) as Resource).id === tasks[0].id)
          .map((r) => (JSON.parse(r.body) as Resource).meta!.versionId);
      await ledgers.allSettled({ subscriptionIds: [subscription.body.id!] });
      expect(await owedTo(subscription.body.id!)).toEqual([
        { resource: `Task/${tasks[0].id}`, version_id: 1, state: 'delivered' },
        { resource: `Task/${tasks[0].id}`, version_id: 2, state: 'delivered' },
      ]);
      expect(versionsDelivered()).toEqual(['1', '2']);
    } finally {
      await receiver.close();
    }
  });

  it('after the retry horizon: the event goes to the dead-letter queue and the Subscription to error, with the reason', async () => {
    const receiver = await startReceiver(1_000);
    try {
      const subscription = await subscribe(receiver.url, gpRole('gp2'));
      await postHandover(ehr, handover({ patient: newPatient(gpRole('gp2')), requester: ward }));
      await waitFor(async () => (await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Subscription/${subscription.body.id}`)).body.status === 'error', 'status error');
      const failed = await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Subscription/${subscription.body.id}`);
      expect(failed.body.error).toMatch(/the receiver answered 500/);
      const health = await callAs<{ queues: Array<{ name: string; waiting: number }> }>(api, 'admin', 'GET', '/api/ops/queues');
      expect(health.body.queues.find((q) => q.name === 'dead-letter')!.waiting).toBeGreaterThan(0);

      // The operator fixes the receiver, turns the Subscription back on and replays the dead letter.
      const dead = await callAs<{ deadLetters: Array<{ id: string; subscriptionId: string; eventId: string; reason: string }> }>(api, 'admin', 'GET', '/api/ops/dead-letters');
      const letter = dead.body.deadLetters.find((d) => d.subscriptionId === subscription.body.id)!;
      expect(dead.body.deadLetters.filter((d) => d.subscriptionId === subscription.body.id)).toHaveLength(1);
      expect(letter.reason).toMatch(/500/);
      expect((await callAs(api, 'gp', 'GET', '/api/ops/dead-letters')).status).toBe(403);
      receiver.heal();
      await callAs(api, 'ehr', 'PUT', `/fhir/R4/Subscription/${subscription.body.id}`, { ...failed.body, status: 'active', error: undefined });
      expect((await callAs(api, 'admin', 'POST', `/api/ops/dead-letters/${letter.id}/replay`)).status).toBe(200);
      await waitFor(async () => (await owedTo(subscription.body.id!)).every((row) => row.state === 'delivered'), 'the replayed delivery to be settled');
      // The replay's job is over too (the rest-hook queue is drained): one successful POST, no more.
      await ledgers.allSettled({ subscriptionIds: [subscription.body.id!] });
      expect(receiver.received.filter((r) => r.eventId === letter.eventId && r.answered === 200)).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});
