import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { decodeJwt } from 'jose';
import { Pool } from 'pg';
import { Bundle, Resource } from '@app/fhir';
import { principalFromClaims } from '../../apps/api/src/auth/principal-from-claims';
import { verifyRestHookSignature } from '../../apps/api/src/subscriptions/rest-hook-signature';
import { patient, task } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { TestApi, startTestApi } from '../support/test-api';
import { startTestWorker } from '../support/test-worker';
import { waitFor } from '../support/wait-for';
import { callAs, gpRole } from '../support/transfers';

jest.setTimeout(60_000);

/**
 * FHIR Subscriptions as an attacker would use them: an administrator or another system client
 * reaching for patient data or someone else's Subscription, endpoints aimed at Bro's own network,
 * redirects, header values and forged Bro headers. Each answer is checked, and that nothing was
 * stored or sent; where patient data goes out, its audit entry.
 */

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  url(path?: string): string;
  received: Received[];
  close(): Promise<void>;
}

/** A local receiver on `port` answering `status` (with `headers`) to every request. */
async function startReceiver(port: number, status = 200, headers: Record<string, string> = {}): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body });
      response.writeHead(status, headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const SECRET = 'a-receiver-secret-of-at-least-32-characters';
const SIGNING_SECRET = { url: 'urn:bro:extension:signing-secret', valueString: SECRET };

function restHook(endpoint: string, criteria: string, header?: string[]): Resource {
  return {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'Follows tasks',
    criteria,
    channel: { type: 'rest-hook', endpoint, payload: 'application/fhir+json', ...(header ? { header } : {}) },
    extension: [SIGNING_SECRET],
  };
}

function websocket(criteria: string): Resource {
  return { resourceType: 'Subscription', status: 'requested', reason: 'Shows tasks live', criteria, channel: { type: 'websocket', payload: 'application/fhir+json' } };
}

interface Outcome {
  resourceType: string;
  issue?: Array<{ code: string; diagnostics: string; expression?: string[] }>;
}

describe('Subscription attacks', () => {
  let api: TestApi;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let pool: Pool;
  /** Ports of the receivers the configuration trusts over plain http; any other local port is not. */
  const ports = { hook: 0, redirecting: 0, redirectTarget: 0, notListed: 0 };

  beforeAll(async () => {
    for (const name of Object.keys(ports) as Array<keyof typeof ports>) ports[name] = await freePort();
    const allowed = { SUBSCRIPTION_HTTP_ALLOWED_HOSTS: [ports.hook, ports.redirecting, ports.redirectTarget].map((port) => `127.0.0.1:${port}`).join(',') };
    api = await startTestApi(allowed);
    worker = await startTestWorker({ ...allowed, REST_HOOK_FIRST_RETRY_MS: '50', REST_HOOK_RETRY_HORIZON_SECONDS: '1' });
    pool = new Pool({ connectionString: api.config.databaseUrl, max: 2 });
  });
  afterAll(async () => {
    for (const { user, id } of made) await callAs(api, user, 'DELETE', `/fhir/R4/Subscription/${id}`);
    await pool.end();
    await worker.close();
    await api.close();
  });

  /** What Bro holds about Subscriptions: a refused request must leave every count as it was. */
  const stored = async () =>
    (
      await pool.query<Record<string, number>>(
        `SELECT (SELECT count(*) FROM fhir_subscription)::int AS subscriptions,
                (SELECT count(*) FROM fhir_history WHERE resource_type = 'Subscription')::int AS versions,
                (SELECT count(*) FROM subscription_owner)::int AS owners,
                (SELECT count(*) FROM subscription_secret)::int AS secrets,
                (SELECT count(*) FROM subscription_header)::int AS headers`,
      )
    ).rows[0];

  const deliveriesOf = async (subscriptionId: string) =>
    (await pool.query<{ resource: string; state: string }>(`SELECT resource, state FROM subscription_delivery WHERE subscription_id = $1 ORDER BY resource`, [subscriptionId])).rows;

  const auditOf = async (subscriptionId: string) =>
    (
      await pool.query<{ subtype: string; agent_subject: string; agent_role: string; client_id: string | null; entity: string; patient: string }>(
        `SELECT subtype, agent_subject, agent_role, client_id, entity_type || '/' || entity_id AS entity, patient FROM audit_event WHERE query = $1 ORDER BY recorded`,
        [`Subscription/${subscriptionId}`],
      )
    ).rows;

  /** A patient of its own on `gp`'s list, created by the hospital EHR. */
  const newPatientOf = async (gp: 'gp' | 'gp2') => {
    const created = await callAs<Resource>(api, 'ehr', 'POST', '/fhir/R4/Patient', patient({ generalPractitioner: [{ reference: gpRole(gp) }] }));
    expect(created.status).toBe(201);
    return created.body.id!;
  };

  const newTask = async (patientId: string, gp: 'gp' | 'gp2') => {
    const created = await callAs<Resource>(api, 'ehr', 'POST', '/fhir/R4/Task', task(patientId, gpRole(gp)));
    expect(created.status).toBe(201);
    return created.body;
  };

  /** What each test subscribed (by whom), removed again at the end so no later test file is notified of anything. */
  const made: Array<{ user: string; id: string }> = [];

  const subscribe = async (user: string, subscription: Resource) => {
    const created = await callAs<Resource>(api, user, 'POST', '/fhir/R4/Subscription', subscription);
    expect(created.status).toBe(201);
    made.push({ user, id: created.body.id! });
    return created.body;
  };

  it('refuses an administrator (or a client without the type) subscribing to patient data, and a GP subscribing at all, storing nothing', async () => {
    const before = await stored();
    const criteria = `Task?owner=${gpRole('gp2')}`;
    for (const attempt of [restHook('https://receiver.example/hook', criteria), websocket(criteria)]) {
      const refused = await callAs<Outcome>(api, 'admin', 'POST', '/fhir/R4/Subscription', attempt);
      expect(refused.status).toBe(403);
      expect(refused.body.resourceType).toBe('OperationOutcome');
      expect(refused.body.issue![0].diagnostics).toMatch(/Task/);
      expect(refused.body.issue![0].diagnostics).toMatch(/admin/);
    }
    // The same through a transaction Bundle, and by PUT with an id of the attacker's choosing.
    const inBundle = await callAs<Bundle & Outcome>(api, 'admin', 'POST', '/fhir/R4', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: websocket(criteria), request: { method: 'POST', url: 'Subscription' } }],
    });
    expect(inBundle.status).toBe(403);
    expect((await callAs(api, 'admin', 'PUT', '/fhir/R4/Subscription/chosen-by-admin', { ...websocket(criteria), id: 'chosen-by-admin' })).status).toBe(403);
    // A municipal system may manage Subscriptions and read Appointments, not Tasks.
    const kommune = await callAs<Outcome>(api, 'kommune', 'POST', '/fhir/R4/Subscription', websocket(criteria));
    expect(kommune.status).toBe(403);
    expect(kommune.body.issue![0].diagnostics).toMatch(/system\/Task/);
    expect((await callAs(api, 'gp', 'POST', '/fhir/R4/Subscription', websocket(criteria))).status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it("hides one client's Subscription from every other caller: read, search, history, update, patch, delete and binding answer 404", async () => {
    const criteria = `Task?patient=Patient/${await newPatientOf('gp2')}`;
    const mine = await subscribe('ehr', websocket(criteria));
    const id = mine.id!;
    for (const other of ['kommune', 'admin']) {
      expect((await callAs(api, other, 'GET', `/fhir/R4/Subscription/${id}`)).status).toBe(404);
      expect((await callAs(api, other, 'GET', `/fhir/R4/Subscription/${id}/_history`)).status).toBe(404);
      expect((await callAs(api, other, 'GET', `/fhir/R4/Subscription/${id}/_history/1`)).status).toBe(404);
      const byId = await callAs<Bundle>(api, other, 'GET', `/fhir/R4/Subscription?_id=${id}&_total=accurate`);
      expect(byId.status).toBe(200);
      expect(byId.body.total).toBe(0);
      expect(byId.body.entry ?? []).toEqual([]);
      const all = await callAs<Bundle>(api, other, 'GET', '/fhir/R4/Subscription?_count=500');
      expect((all.body.entry ?? []).map((e) => e.resource!.id)).not.toContain(id);
      const typeHistory = await callAs<Bundle>(api, other, 'GET', '/fhir/R4/Subscription/_history');
      expect(JSON.stringify(typeHistory.body)).not.toContain(id);
      expect((await callAs(api, other, 'PUT', `/fhir/R4/Subscription/${id}`, { ...mine, status: 'off' })).status).toBe(404);
      const patch = await callAs(api, other, 'PATCH', `/fhir/R4/Subscription/${id}`, [{ op: 'replace', path: '/status', value: 'off' }], {
        'Content-Type': 'application/json-patch+json',
      });
      expect(patch.status).toBe(404);
      expect((await callAs(api, other, 'DELETE', `/fhir/R4/Subscription/${id}`)).status).toBe(404);
      expect((await callAs(api, other, 'GET', `/fhir/R4/Subscription/${id}/$get-ws-binding-token`)).status).toBe(404);
      expect((await callAs(api, other, 'POST', `/fhir/R4/Subscription/${id}/$get-ws-binding-token`)).status).toBe(404);
    }
    // A conditional create naming it does not hand it over either: the other client gets a Subscription of its own.
    const ownAppointments = `Appointment?patient=Patient/${await newPatientOf('gp2')}`;
    const conditional = await callAs<Resource>(api, 'kommune', 'POST', '/fhir/R4/Subscription', websocket(ownAppointments), { 'If-None-Exist': `_id=${id}` });
    expect(conditional.status).toBe(201);
    made.push({ user: 'kommune', id: conditional.body.id! });
    expect(conditional.body.id).not.toBe(id);
    expect(conditional.body.criteria).toBe(ownAppointments);

    // The owner still sees it as they made it: one version, active, theirs.
    const read = await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Subscription/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.meta!.versionId).toBe('1');
    expect(read.body.status).toBe('active');
    const history = await callAs<Bundle>(api, 'ehr', 'GET', `/fhir/R4/Subscription/${id}/_history`);
    expect(history.body.entry).toHaveLength(1);
    expect((await callAs<Bundle>(api, 'ehr', 'GET', `/fhir/R4/Subscription?_id=${id}`)).body.entry).toHaveLength(1);
    const owner = await pool.query(`SELECT subject, role, client_id FROM subscription_owner WHERE subscription_id = $1`, [id]);
    expect(owner.rows).toEqual([{ subject: 'haukeland-ehr', role: 'system', client_id: 'haukeland-ehr' }]);
    // And the other client's own Subscription is not the first one's to see.
    expect((await callAs(api, 'ehr', 'GET', `/fhir/R4/Subscription/${conditional.body.id}`)).status).toBe(404);
  });

  it('refuses endpoints on loopback, private, link-local, unspecified and other non-public addresses with 422, storing nothing', async () => {
    const criteria = `Task?patient=Patient/${await newPatientOf('gp2')}`;
    const before = await stored();
    const endpoints = [
      `http://127.0.0.1:${ports.notListed}/hook`,
      'https://127.0.0.1/hook',
      `https://127.0.0.1:${ports.notListed}/hook`,
      'https://169.254.169.254/latest/meta-data/',
      'http://169.254.169.254/latest/meta-data/',
      'https://0.0.0.0/hook',
      'https://[::1]/hook',
      `http://[::1]:${ports.hook}/hook`,
      'https://[::ffff:127.0.0.1]/hook',
      'http://2130706433/',
      'https://2130706433/',
      'https://0x7f000001/',
      'https://10.0.0.1/hook',
      'https://192.168.1.10/hook',
      'https://localhost/hook',
      `http://localhost:${ports.hook}/hook`,
      'http://receiver.example/hook',
      'https://user:password@receiver.example/hook',
      'ftp://receiver.example/hook',
    ];
    for (const endpoint of endpoints) {
      const refused = await callAs<Outcome>(api, 'ehr', 'POST', '/fhir/R4/Subscription', restHook(endpoint, criteria));
      expect({ endpoint, status: refused.status }).toEqual({ endpoint, status: 422 });
      expect(refused.body.resourceType).toBe('OperationOutcome');
      expect(refused.body.issue![0].expression).toEqual(['Subscription.channel.endpoint']);
    }
    // Nor may an existing Subscription be turned towards one.
    const existing = await subscribe('ehr', restHook(`http://127.0.0.1:${ports.hook}/hook`, criteria));
    const after = await stored();
    const moved = await callAs(api, 'ehr', 'PUT', `/fhir/R4/Subscription/${existing.id}`, { ...existing, channel: { ...(existing.channel as object), endpoint: 'https://169.254.169.254/' } });
    expect(moved.status).toBe(422);
    expect(await stored()).toEqual(after);
    expect(after.subscriptions).toBe(before.subscriptions + 1);
  });

  it('does not follow a redirect: the delivery fails, is settled, and the second receiver never gets the body', async () => {
    const target = await startReceiver(ports.redirectTarget);
    const redirecting = await startReceiver(ports.redirecting, 302, { Location: target.url('/stolen') });
    try {
      const patientId = await newPatientOf('gp2');
      const subscription = await subscribe('ehr', restHook(redirecting.url(), `Task?patient=Patient/${patientId}`));
      const sent = await newTask(patientId, 'gp2');
      // Every attempt answered 302; after the retry horizon the delivery is dead and the Subscription in error.
      await waitFor(async () => (await deliveriesOf(subscription.id!)).some((d) => d.state === 'dead'), 'the delivery given up');
      expect(await deliveriesOf(subscription.id!)).toEqual([{ resource: `Task/${sent.id}`, state: 'dead' }]);
      await waitFor(async () => (await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Subscription/${subscription.id}`)).body.status === 'error', 'status error');
      const failed = await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Subscription/${subscription.id}`);
      expect(failed.body.error).toMatch(/302/);
      expect(failed.body.error).toMatch(/redirect/);
      expect(redirecting.received.length).toBeGreaterThan(0);
      expect(redirecting.received.every((r) => r.path === '/hook')).toBe(true);
      expect(target.received).toEqual([]);
      // What did leave Bro (to the first receiver) is in the audit trail, under the Subscription's owner.
      const audit = await auditOf(subscription.id!);
      expect(audit.length).toBe(redirecting.received.length);
      expect(audit[0]).toEqual({ subtype: 'notify', agent_subject: 'haukeland-ehr', agent_role: 'system', client_id: 'haukeland-ehr', entity: `Task/${sent.id}`, patient: `Patient/${patientId}` });
    } finally {
      await redirecting.close();
      await target.close();
    }
  });

  it('keeps channel.header values out of every read, search and history, still sends them, and refuses the headers Bro sets itself', async () => {
    const receiver = await startReceiver(ports.hook);
    try {
      const patientId = await newPatientOf('gp2');
      const headers = ['Authorization: Bearer top-secret-receiver-token', 'X-Receiver-Tenant: bergen-tenant-secret'];
      const created = await subscribe('ehr', restHook(receiver.url(), `Task?patient=Patient/${patientId}`, headers));
      const id = created.id!;
      expect((created.channel as { header: string[] }).header).toEqual(['Authorization: ***', 'X-Receiver-Tenant: ***']);
      const answers = [
        created,
        (await callAs(api, 'ehr', 'GET', `/fhir/R4/Subscription/${id}`)).body,
        (await callAs(api, 'ehr', 'GET', `/fhir/R4/Subscription?_id=${id}`)).body,
        (await callAs(api, 'ehr', 'GET', `/fhir/R4/Subscription/${id}/_history`)).body,
        (await callAs(api, 'ehr', 'GET', `/fhir/R4/Subscription/${id}/_history/1`)).body,
        (await callAs(api, 'ehr', 'GET', '/fhir/R4/Subscription/_history')).body,
      ];
      for (const answer of answers) expect(JSON.stringify(answer)).not.toMatch(/top-secret|tenant-secret/);
      const rows = await pool.query(
        `SELECT resource::text AS text FROM fhir_subscription WHERE id = $1 UNION ALL SELECT resource::text FROM fhir_history WHERE resource_type = 'Subscription' AND id = $1`,
        [id],
      );
      for (const row of rows.rows as Array<{ text: string }>) expect(row.text).not.toMatch(/top-secret|tenant-secret/);

      // Bro's own headers cannot be set or replaced, neither at create nor by update.
      const before = await stored();
      const reserved = ['Host: evil.example', 'Content-Type: text/plain', 'Content-Length: 5', 'Transfer-Encoding: chunked', 'Connection: close', 'X-Bro-Signature: sha256=forged', 'x-bro-event-id: replayed', 'X-Bro-Anything: x'];
      for (const header of reserved) {
        const refused = await callAs<Outcome>(api, 'ehr', 'POST', '/fhir/R4/Subscription', restHook(receiver.url(), `Task?patient=Patient/${patientId}`, [header]));
        expect({ header, status: refused.status }).toEqual({ header, status: 422 });
        expect(refused.body.issue![0].expression).toEqual(['Subscription.channel.header']);
        const update = await callAs(api, 'ehr', 'PUT', `/fhir/R4/Subscription/${id}`, { ...created, channel: { ...(created.channel as object), header: [...headers, header] } });
        expect({ header, status: update.status }).toEqual({ header, status: 422 });
      }
      expect(await stored()).toEqual(before);

      // Saving back what a read returned keeps the values; a delivery carries them, and Bro's own headers.
      const read = await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Subscription/${id}`);
      expect((await callAs(api, 'ehr', 'PUT', `/fhir/R4/Subscription/${id}`, { ...read.body, reason: 'Follows tasks, renamed' })).status).toBe(200);
      const sent = await newTask(patientId, 'gp2');
      await waitFor(async () => (await deliveriesOf(id)).some((d) => d.state === 'delivered'), 'the delivery');
      expect(receiver.received).toHaveLength(1);
      const delivered = receiver.received[0];
      expect(delivered.headers.authorization).toBe('Bearer top-secret-receiver-token');
      expect(delivered.headers['x-receiver-tenant']).toBe('bergen-tenant-secret');
      expect(delivered.headers['content-type']).toBe('application/fhir+json');
      expect(verifyRestHookSignature(SECRET, delivered.body, delivered.headers['x-bro-signature'] as string)).toBe(true);
      expect((JSON.parse(delivered.body) as Resource).id).toBe(sent.id);
      expect(await auditOf(id)).toEqual([
        { subtype: 'notify', agent_subject: 'haukeland-ehr', agent_role: 'system', client_id: 'haukeland-ehr', entity: `Task/${sent.id}`, patient: `Patient/${patientId}` },
      ]);
    } finally {
      await receiver.close();
    }
  });

  it("delivers only what the Subscription's owner may see now, and audits each delivery under the owner", async () => {
    const receiver = await startReceiver(ports.hook);
    try {
      const ownPatient = await newPatientOf('gp');
      const othersPatient = await newPatientOf('gp2');
      const criteria = `Task?patient=Patient/${ownPatient},Patient/${othersPatient}`;
      // The hospital EHR sees both patients; a GP only the one on their list.
      const hospitals = await subscribe('ehr', restHook(receiver.url(), criteria));
      const gps = await subscribe('ehr', restHook(receiver.url(), criteria));
      // No one can make such a Subscription any more (GPs may not subscribe; administrators and clients are held to
      // what they may search): this one stands for one whose owner sees less than its criteria ask for, the GP.
      const gp = principalFromClaims(decodeJwt(await api.token('gp')));
      await pool.query(
        `UPDATE subscription_owner SET subject = $2, role = $3, client_id = $4, scopes = $5, hpr_number = $6, organization_number = $7, parent_organization_number = $8, resh_id = $9
          WHERE subscription_id = $1`,
        [gps.id, gp.subject, gp.role, gp.clientId ?? null, gp.scopes, gp.hprNumber ?? null, gp.organizationNumber ?? null, gp.parentOrganizationNumber ?? null, gp.reshId ?? null],
      );
      const visible = await newTask(ownPatient, 'gp');
      const hidden = await newTask(othersPatient, 'gp2');

      // Both changes are matched (the hospital's Subscription is owed both), in the same step as the GP's.
      await waitFor(async () => (await deliveriesOf(hospitals.id!)).filter((d) => d.state === 'delivered').length === 2, "the hospital's deliveries");
      await waitFor(async () => (await deliveriesOf(gps.id!)).every((d) => d.state === 'delivered'), "the GP's delivery settled");
      expect(await deliveriesOf(gps.id!)).toEqual([{ resource: `Task/${visible.id}`, state: 'delivered' }]);
      const toGp = receiver.received.filter((r) => String(r.headers['x-bro-event-id']).endsWith(`-${gps.id}`));
      expect(toGp.map((r) => (JSON.parse(r.body) as Resource).id)).toEqual([visible.id]);
      expect(receiver.received.some((r) => r.body.includes(othersPatient) && String(r.headers['x-bro-event-id']).endsWith(`-${gps.id}`))).toBe(false);

      expect(await auditOf(gps.id!)).toEqual([
        { subtype: 'notify', agent_subject: 'gp', agent_role: 'gp', client_id: gp.clientId ?? null, entity: `Task/${visible.id}`, patient: `Patient/${ownPatient}` },
      ]);
      const hospitalAudit = await auditOf(hospitals.id!);
      expect(hospitalAudit.map((entry) => entry.entity).sort()).toEqual([`Task/${visible.id}`, `Task/${hidden.id}`].sort());
      expect(new Set(hospitalAudit.map((entry) => entry.agent_subject))).toEqual(new Set(['haukeland-ehr']));
    } finally {
      await receiver.close();
    }
  });

  it('delivers nothing through a Subscription without an owner (stored before owners were recorded)', async () => {
    const receiver = await startReceiver(ports.hook);
    try {
      const patientId = await newPatientOf('gp2');
      const criteria = `Task?patient=Patient/${patientId}`;
      const owned = await subscribe('ehr', restHook(receiver.url(), criteria));
      const ownerless = await subscribe('ehr', restHook(receiver.url(), criteria));
      await pool.query(`DELETE FROM subscription_owner WHERE subscription_id = $1`, [ownerless.id]);
      expect((await callAs(api, 'ehr', 'GET', `/fhir/R4/Subscription/${ownerless.id}`)).status).toBe(404);
      await newTask(patientId, 'gp2');
      await waitFor(async () => (await deliveriesOf(owned.id!)).some((d) => d.state === 'delivered'), 'the owned delivery');
      expect(await deliveriesOf(ownerless.id!)).toEqual([]);
      expect(receiver.received.filter((r) => String(r.headers['x-bro-event-id']).endsWith(`-${ownerless.id}`))).toEqual([]);
      expect(await auditOf(ownerless.id!)).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it('audits websocket deliveries under the owner too', async () => {
    const patientId = await newPatientOf('gp2');
    const subscription = await subscribe('ehr', websocket(`Task?patient=Patient/${patientId}`));
    const sent = await newTask(patientId, 'gp2');
    await waitFor(async () => (await deliveriesOf(subscription.id!)).some((d) => d.state === 'delivered'), 'the websocket delivery');
    expect(await auditOf(subscription.id!)).toEqual([
      { subtype: 'notify', agent_subject: 'haukeland-ehr', agent_role: 'system', client_id: 'haukeland-ehr', entity: `Task/${sent.id}`, patient: `Patient/${patientId}` },
    ]);
  });
});
