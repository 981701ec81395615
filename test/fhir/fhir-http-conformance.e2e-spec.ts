import { randomUUID } from 'node:crypto';
import { Resource } from '@app/fhir';
import { FhirOperations } from '../../apps/api/src/fhir/fhir-operations';
import { ReadOnlyTypes } from '../../apps/api/src/fhir/read-only-types';
import { fhirPathOf } from '../../apps/api/src/fhir/http/fhir-routes';
import { TestApi, startTestApi } from '../support/test-api';
import { organization } from '../support/fixtures';
import { gpRole, handover, newPatient, postHandover } from '../support/transfers';

/**
 * The FHIR HTTP layer as an integrator's conformance run sees it: every error an OperationOutcome
 * (unknown routes, methods a path does not take, read-only types), content negotiation, Prefer,
 * ETags, conditional delete, the CapabilityStatement's claims, history parameters and system history,
 * and FHIRPath Patch.
 */

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Resource & Record<string, unknown>;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

describe('FHIR over HTTP as integrators expect it', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  async function send(user: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${api.origin}${path}`, {
      method,
      headers: {
        ...(user ? { Authorization: `Bearer ${await api.token(user)}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/fhir+json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed as Answer['body'] };
  }

  const isOutcome = (answer: Answer) => answer.body?.resourceType === 'OperationOutcome';

  async function newOrganization(extra: Partial<Resource> = {}): Promise<Resource> {
    const answer = await send('ehr', 'POST', '/fhir/R4/Organization', organization(`Konformitet ${randomUUID().slice(0, 8)}`, extra));
    expect(answer.status).toBe(201);
    return answer.body;
  }

  describe('errors: every unknown route or method answers an OperationOutcome (404/405)', () => {
    it('answers every route under /fhir/R4 with an OperationOutcome for a method it does not take and for an extra path segment', async () => {
      const express = api.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: unknown; methods: Record<string, boolean> } }> } };
      const readOnly = (type: string) => api.app.get(ReadOnlyTypes).get(type) !== undefined;
      const patterns = new Set<string>();
      for (const layer of express.router.stack) {
        const path = layer.route?.path;
        if (typeof path === 'string' && path.startsWith('/fhir/R4')) patterns.add(path.replace(/\\/g, ''));
      }
      for (const operation of api.app.get(FhirOperations).all()) {
        patterns.add(`/fhir/R4${operation.level === 'system' ? '' : `/${operation.resourceType}${operation.level === 'instance' ? '/:id' : ''}`}/$${operation.name}`);
      }
      expect(patterns.size).toBeGreaterThan(10);
      const fills: Record<string, string[]> = { type: ['Patient', 'AuditEvent', 'CodeSystem'], id: [randomUUID()], versionId: ['1'], operation: ['$everything'] };
      const paths = [...patterns].flatMap((pattern) =>
        pattern
          .split('/')
          .reduce<string[][]>((prefixes, segment) => prefixes.flatMap((prefix) => (segment.startsWith(':') ? fills[segment.slice(1)] ?? ['x'] : [segment]).map((value) => [...prefix, value])), [[]])
          .map((segments) => segments.join('/')),
      );
      const problems: string[] = [];
      for (const path of new Set(paths)) {
        const segments = path.split('/').filter(Boolean).slice(2);
        const allowed = fhirPathOf(segments, readOnly)?.methods ?? [];
        const probes: Array<[string, string]> = [
          ['OPTIONS', path],
          ...METHODS.filter((method) => !allowed.includes(method)).map((method): [string, string] => [method, path]),
          ['GET', `${path}/extra`],
          ['POST', `${path}/extra/more`],
        ].filter(([method, url]) => {
          // `Type/extra` is a read of the id "extra": a path Bro serves, so not a probe of an unknown one.
          const below = url.split('/').filter(Boolean).slice(2);
          return url === path || !fhirPathOf(below, readOnly)?.methods.includes(method);
        }) as Array<[string, string]>;
        for (const [method, url] of probes) {
          const answer = await send('ehr', method, url, ['POST', 'PUT'].includes(method) ? {} : undefined);
          if (![404, 405].includes(answer.status) || !isOutcome(answer)) problems.push(`${method} ${url}: ${answer.status} ${answer.text.slice(0, 120)}`);
          if (answer.status === 405 && !answer.headers.get('allow')) problems.push(`${method} ${url}: 405 without Allow`);
        }
      }
      expect(problems).toEqual([]);
    }, 120_000);

    it.each([
      ['OPTIONS', '/fhir/R4/Patient', 405],
      ['OPTIONS', '/fhir/R4/metadata', 405],
      ['GET', '/fhir/R4?_type=Patient', 405],
      ['PATCH', '/fhir/R4/Patient', 405],
      ['PATCH', '/fhir/R4/Patient?identifier=urn:x|1', 405],
      ['DELETE', `/fhir/R4/AuditEvent/${randomUUID()}`, 405],
      ['PUT', `/fhir/R4/AuditEvent/${randomUUID()}`, 405],
      ['POST', '/fhir/R4/AuditEvent', 405],
      ['DELETE', '/fhir/R4/CodeSystem', 405],
      ['GET', '/fhir/R4/Patient/_search', 405],
      ['GET', '/fhir/R4/Patient/$nothing-like-this', 404],
      ['POST', '/fhir/R4/Patient/$nothing-like-this', 404],
      ['GET', `/fhir/R4/Patient/${randomUUID()}/$nothing-like-this`, 404],
      ['GET', `/fhir/R4/Patient/${randomUUID()}/_history/1/extra`, 404],
      ['GET', '/fhir/R4/NotAType', 404],
    ])('%s %s answers %d with an OperationOutcome', async (method, path, status) => {
      const answer = await send('ehr', method, path);
      expect({ status: answer.status, outcome: isOutcome(answer) }).toEqual({ status, outcome: true });
      if (status === 405) expect(answer.headers.get('allow')).toMatch(/GET|POST/);
    });

    it('answers 400 with an OperationOutcome, never 500, for NUL in a read id and a tampered _cursor', async () => {
      for (const path of [
        '/fhir/R4/Patient/%00',
        '/fhir/R4/Organization?_cursor=eyJub3QiOiJhIGN1cnNvciJ9',
        '/fhir/R4/Organization?_cursor=%%%',
        '/fhir/R4/Organization/_history?_cursor=WzEsMiwzXQ',
      ]) {
        const answer = await send('ehr', 'GET', path);
        expect({ path, status: answer.status, outcome: isOutcome(answer) }).toEqual({ path, status: 400, outcome: true });
      }
    });
  });

  describe('content negotiation', () => {
    it.each([
      [{ Accept: 'application/fhir+xml' }, ''],
      [{ Accept: 'application/xml' }, ''],
      [{ Accept: 'text/xml' }, ''],
      [{ Accept: 'application/fhir+json; fhirVersion=3.0' }, ''],
      [{}, '?_format=xml'],
      [{}, '?_format=application/fhir%2Bxml'],
    ])('refuses %j %s with 406 and a JSON OperationOutcome', async (headers, query) => {
      const answer = await send('ehr', 'GET', `/fhir/R4/Organization${query}`, undefined, headers);
      expect({ status: answer.status, outcome: isOutcome(answer) }).toEqual({ status: 406, outcome: true });
      expect(answer.headers.get('content-type')).toMatch(/json/);
    });

    it.each([
      [{ Accept: 'application/fhir+json; fhirVersion=4.0' }, ''],
      [{ Accept: 'application/json' }, ''],
      [{ Accept: 'application/fhir+xml;q=0.9, application/fhir+json' }, ''],
      [{ Accept: 'text/html' }, ''],
      [{ Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }, ''],
      [{}, '?_format=json'],
      [{}, '?_format=application/fhir%2Bjson'],
      [{}, '?_format=application/json'],
    ])('answers %j %s in JSON', async (headers, query) => {
      const answer = await send('ehr', 'GET', `/fhir/R4/Organization${query}`, undefined, headers);
      expect({ status: answer.status, type: answer.body?.resourceType }).toEqual({ status: 200, type: 'Bundle' });
    });

    it('refuses a body of another FHIR version with 415, writing nothing', async () => {
      const body = organization('Feil versjon legesenter');
      const answer = await send('ehr', 'POST', '/fhir/R4/Organization', body, { 'Content-Type': 'application/fhir+json; fhirVersion=3.0' });
      expect({ status: answer.status, outcome: isOutcome(answer) }).toEqual({ status: 415, outcome: true });
      const search = await send('ehr', 'GET', `/fhir/R4/Organization?identifier=${encodeURIComponent(`${body.identifier[0].system}|${body.identifier[0].value}`)}`);
      expect(search.body.total).toBe(0);
      const r4 = await send('ehr', 'POST', '/fhir/R4/Organization', body, { 'Content-Type': 'application/fhir+json; fhirVersion=4.0' });
      expect(r4.status).toBe(201);
    });

    it('honours Prefer: return=OperationOutcome on create, update and patch', async () => {
      const prefer = { Prefer: 'return=OperationOutcome' };
      const created = await send('ehr', 'POST', '/fhir/R4/Organization', organization('Utfall legesenter'), prefer);
      expect({ status: created.status, outcome: isOutcome(created) }).toEqual({ status: 201, outcome: true });
      const location = created.headers.get('location')!;
      const id = /Organization\/([^/]+)\/_history/.exec(location)![1];
      expect(JSON.stringify(created.body.issue)).toContain(`Organization/${id}`);
      const current = (await send('ehr', 'GET', `/fhir/R4/Organization/${id}`)).body;
      const updated = await send('ehr', 'PUT', `/fhir/R4/Organization/${id}`, { ...current, name: 'Utfall legesenter 2' }, prefer);
      expect({ status: updated.status, outcome: isOutcome(updated), etag: updated.headers.get('etag') }).toEqual({ status: 200, outcome: true, etag: 'W/"2"' });
      const patched = await send('ehr', 'PATCH', `/fhir/R4/Organization/${id}`, JSON.stringify([{ op: 'replace', path: '/name', value: 'Utfall 3' }]), {
        ...prefer,
        'Content-Type': 'application/json-patch+json',
      });
      expect({ status: patched.status, outcome: isOutcome(patched) }).toEqual({ status: 200, outcome: true });
      expect((await send('ehr', 'GET', `/fhir/R4/Organization/${id}`)).body.name).toBe('Utfall 3');
    });
  });

  describe('the CapabilityStatement says exactly what Bro does', () => {
    let metadata: Resource & { rest: Array<Record<string, unknown>>; patchFormat: string[] };
    beforeAll(async () => {
      metadata = (await send(undefined, 'GET', '/fhir/R4/metadata')).body as never;
    });
    const resourceOf = (type: string) => (metadata.rest[0].resource as Array<{ type: string; searchParam: Array<{ name: string; type: string }> }>).find((r) => r.type === type)!;

    it('declares Subscription.url as uri, AuditEvent.agent as reference, system history and FHIRPath Patch', () => {
      expect(resourceOf('Subscription').searchParam.find((p) => p.name === 'url')?.type).toBe('uri');
      expect(resourceOf('AuditEvent').searchParam.find((p) => p.name === 'agent')?.type).toBe('reference');
      expect(metadata.rest[0].interaction).toContainEqual({ code: 'history-system' });
      expect(metadata.patchFormat).toEqual(expect.arrayContaining(['application/json-patch+json', 'application/fhir+json']));
      expect((resourceOf('Organization') as unknown as { conditionalDelete: string }).conditionalDelete).toBe('single');
      const patient = resourceOf('Patient') as unknown as { operation?: Array<{ name: string }> };
      expect(patient.operation?.map((o) => o.name)).toContain('everything');
    });

    it('deletes conditionally outside Bundles: none → nothing deleted, one → deleted, several → 412', async () => {
      const code = randomUUID();
      const type = { type: [{ coding: [{ system: 'urn:bro:test:organization-type', code }] }] };
      const criteria = `type=${encodeURIComponent(`urn:bro:test:organization-type|${code}`)}`;
      const none = await send('ehr', 'DELETE', `/fhir/R4/Organization?${criteria}`);
      expect({ status: none.status, outcome: isOutcome(none), text: none.text }).toEqual({ status: 200, outcome: true, text: expect.stringContaining('nothing deleted') });
      const first = await newOrganization(type);
      const second = await newOrganization(type);
      const several = await send('ehr', 'DELETE', `/fhir/R4/Organization?${criteria}`);
      expect({ status: several.status, outcome: isOutcome(several) }).toEqual({ status: 412, outcome: true });
      expect((await send('ehr', 'GET', `/fhir/R4/Organization/${first.id}`)).status).toBe(200);
      const one = await send('ehr', 'DELETE', `/fhir/R4/Organization?${criteria}&_id=${second.id}`);
      expect({ status: one.status, text: one.text }).toEqual({ status: 200, text: expect.stringContaining(`Organization/${second.id} deleted`) });
      expect((await send('ehr', 'GET', `/fhir/R4/Organization/${second.id}`)).status).toBe(410);
      expect((await send('ehr', 'GET', `/fhir/R4/Organization/${first.id}`)).status).toBe(200);
      // A role that may not delete the type is refused whatever matches.
      expect((await send('gp', 'DELETE', `/fhir/R4/Organization?${criteria}`)).status).toBe(403);
    });

    it('searches AuditEvent by purpose TREAT, with absolute next links and a fullUrl on every entry', async () => {
      const { tasks } = await postHandover(await api.fhirClient('ehr'), handover({ patient: newPatient(gpRole()) }));
      await send('gp', 'GET', `/fhir/R4/Task/${tasks[0].id}`);
      const page = await send('privacy', 'GET', '/fhir/R4/AuditEvent?purpose=TREAT&_count=1');
      expect(page.status).toBe(200);
      const entry = (page.body.entry as Array<{ fullUrl?: string; resource: Resource }>)[0];
      expect(entry.fullUrl).toBe(`${api.baseUrl}/AuditEvent/${entry.resource.id}`);
      const next = (page.body.link as Array<{ relation: string; url: string }>).find((l) => l.relation === 'next')!;
      expect(next.url.startsWith(`${api.baseUrl}/AuditEvent?`)).toBe(true);
      const following = await send('privacy', 'GET', next.url.slice(api.origin.length));
      expect(following.status).toBe(200);
      expect((following.body.entry as Array<{ resource: Resource }>)[0].resource.id).not.toBe(entry.resource.id);
      const emergency = await send('privacy', 'GET', '/fhir/R4/AuditEvent?purpose=http://terminology.hl7.org/CodeSystem/v3-ActReason|ETREAT');
      expect(emergency.status).toBe(200);
    });

    it('sends an ETag only with a versioned resource, never a body hash', async () => {
      const created = await newOrganization();
      const read = await send('ehr', 'GET', `/fhir/R4/Organization/${created.id}`);
      expect(read.headers.get('etag')).toBe('W/"1"');
      const search = await send('ehr', 'GET', `/fhir/R4/Organization?_id=${created.id}`);
      const outcome = await send('ehr', 'GET', `/fhir/R4/Organization/${randomUUID()}`);
      const deleted = await send('ehr', 'DELETE', `/fhir/R4/Organization/${created.id}`);
      const metadata = await send(undefined, 'GET', '/fhir/R4/metadata');
      expect([search, outcome, deleted, metadata].map((a) => [a.status, a.headers.get('etag')])).toEqual([
        [200, null],
        [404, null],
        [200, null],
        [200, null],
      ]);
    });
  });

  describe('history parameters and system history', () => {
    it('answers _at with the version current at that instant, and refuses _list and unknown parameters', async () => {
      const created = await newOrganization();
      const v2 = (await send('ehr', 'PUT', `/fhir/R4/Organization/${created.id}`, { ...created, name: 'Versjon to' })).body;
      await send('ehr', 'PUT', `/fhir/R4/Organization/${created.id}`, { ...v2, name: 'Versjon tre' });
      const at = (v2.meta as { lastUpdated: string }).lastUpdated;
      const answer = await send('ehr', 'GET', `/fhir/R4/Organization/${created.id}/_history?_at=${encodeURIComponent(at)}`);
      expect(answer.status).toBe(200);
      expect((answer.body.entry as Array<{ resource: Resource }>).map((e) => e.resource.meta?.versionId)).toEqual(['2']);
      const typeLevel = await send('ehr', 'GET', `/fhir/R4/Organization/_history?_at=${encodeURIComponent(at)}&_count=500`);
      const mine = (typeLevel.body.entry as Array<{ resource?: Resource }>).filter((e) => e.resource?.id === created.id);
      expect(mine.map((e) => e.resource!.meta?.versionId)).toEqual(['2']);
      for (const query of ['_list=my-list', '_elements=name', '_count=1&_count=2', `_at=1960-02-30`]) {
        const refused = await send('ehr', 'GET', `/fhir/R4/Organization/${created.id}/_history?${query}`);
        expect({ query, status: refused.status, outcome: isOutcome(refused) }).toEqual({ query, status: 400, outcome: true });
      }
    });

    it('serves system-level history, paged, only to callers who may read every type in full', async () => {
      const created = await newOrganization();
      const first = await send('ehr', 'GET', '/fhir/R4/_history?_count=2');
      expect({ status: first.status, type: first.body.type, entries: (first.body.entry as unknown[]).length }).toEqual({ status: 200, type: 'history', entries: 2 });
      expect((first.body.entry as Array<{ fullUrl: string }>)[0].fullUrl).toBe(`${api.baseUrl}/Organization/${created.id}`);
      const next = (first.body.link as Array<{ relation: string; url: string }>).find((l) => l.relation === 'next')!;
      expect(next.url.startsWith(`${api.baseUrl}/_history?`)).toBe(true);
      expect((await send('ehr', 'GET', next.url.slice(api.origin.length))).status).toBe(200);
      for (const user of ['gp', 'coordinator', 'quality', 'reporting']) {
        const refused = await send(user, 'GET', '/fhir/R4/_history');
        expect({ user, status: refused.status, outcome: isOutcome(refused) }).toEqual({ user, status: 403, outcome: true });
      }
      expect((await send(undefined, 'GET', '/fhir/R4/_history')).status).toBe(401);
    });
  });

  describe('FHIRPath Patch', () => {
    const operation = (type: string, parts: Array<Record<string, unknown>>) => ({ name: 'operation', part: [{ name: 'type', valueCode: type }, ...parts] });
    const parameters = (...operations: Array<Record<string, unknown>>) => ({ resourceType: 'Parameters', parameter: operations });

    it('applies add, insert, replace, move and delete through the same update path (versions, If-Match)', async () => {
      const created = await newOrganization({ alias: ['A'] });
      const patch = parameters(
        operation('replace', [{ name: 'path', valueString: 'Organization.name' }, { name: 'value', valueString: 'Patched legesenter' }]),
        operation('add', [{ name: 'path', valueString: 'Organization' }, { name: 'name', valueString: 'alias' }, { name: 'value', valueString: 'C' }]),
        operation('insert', [{ name: 'path', valueString: 'Organization.alias' }, { name: 'index', valueInteger: 1 }, { name: 'value', valueString: 'B' }]),
        operation('add', [
          { name: 'path', valueString: 'Organization' },
          { name: 'name', valueString: 'telecom' },
          { name: 'value', valueContactPoint: { system: 'phone', value: '55000000' } },
        ]),
        operation('move', [{ name: 'path', valueString: 'Organization.alias' }, { name: 'source', valueInteger: 2 }, { name: 'destination', valueInteger: 0 }]),
        operation('delete', [{ name: 'path', valueString: "Organization.alias.where($this = 'B')" }]),
      );
      const answer = await send('ehr', 'PATCH', `/fhir/R4/Organization/${created.id}`, patch, { 'If-Match': 'W/"1"' });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('etag')).toBe('W/"2"');
      expect({ name: answer.body.name, alias: answer.body.alias, telecom: answer.body.telecom }).toEqual({
        name: 'Patched legesenter',
        alias: ['C', 'A'],
        telecom: [{ system: 'phone', value: '55000000' }],
      });
      const stale = await send('ehr', 'PATCH', `/fhir/R4/Organization/${created.id}`, patch, { 'If-Match': 'W/"1"' });
      expect(stale.status).toBe(412);
    });

    it('answers 400 for a patch wrong in itself and 422 for one that does not fit the resource, writing nothing', async () => {
      const created = await newOrganization();
      const cases: Array<[number, Record<string, unknown>]> = [
        [400, parameters(operation('replace', [{ name: 'path', valueString: 'Organization.name(((' }, { name: 'value', valueString: 'x' }]))],
        [400, parameters(operation('add', [{ name: 'path', valueString: 'Organization' }, { name: 'name', valueString: 'notAnElement' }, { name: 'value', valueString: 'x' }]))],
        [400, parameters(operation('explode', [{ name: 'path', valueString: 'Organization.name' }]))],
        [400, { resourceType: 'Organization' }],
        [422, parameters(operation('replace', [{ name: 'path', valueString: 'Organization.telecom' }, { name: 'value', valueString: 'x' }]))],
        [422, parameters(operation('replace', [{ name: 'path', valueString: "Organization.name.where($this = 'not the name')" }, { name: 'value', valueString: 'x' }]))],
        [422, parameters(operation('insert', [{ name: 'path', valueString: 'Organization.alias' }, { name: 'index', valueInteger: 3 }, { name: 'value', valueString: 'x' }]))],
        [422, parameters(operation('add', [{ name: 'path', valueString: 'Organization' }, { name: 'name', valueString: 'name' }, { name: 'value', valueString: 'x' }]))],
      ];
      for (const [status, body] of cases) {
        const answer = await send('ehr', 'PATCH', `/fhir/R4/Organization/${created.id}`, body);
        expect({ body, status: answer.status, outcome: isOutcome(answer) }).toEqual({ body, status, outcome: true });
      }
      expect((await send('ehr', 'GET', `/fhir/R4/Organization/${created.id}`)).headers.get('etag')).toBe('W/"1"');
    });

    it('patches with a Parameters resource in a transaction entry', async () => {
      const created = await newOrganization();
      const bundle = {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: parameters(operation('replace', [{ name: 'path', valueString: 'Organization.name' }, { name: 'value', valueString: 'Fra transaksjon' }])),
            request: { method: 'PATCH', url: `Organization/${created.id}` },
          },
        ],
      };
      const answer = await send('ehr', 'POST', '/fhir/R4', bundle);
      expect(answer.status).toBe(200);
      expect((answer.body.entry as Array<{ response: { status: string } }>)[0].response.status).toMatch(/^200/);
      expect((await send('ehr', 'GET', `/fhir/R4/Organization/${created.id}`)).body.name).toBe('Fra transaksjon');
    });
  });
});
