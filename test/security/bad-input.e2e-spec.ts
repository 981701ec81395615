import { Client as PgClient } from 'pg';
import { Bundle, Resource } from '@app/fhir';
import { FhirService } from '../../apps/api/src/fhir/fhir.service';
import { patient } from '../support/fixtures';
import { lastYear } from '../support/clock';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs } from '../support/transfers';

interface Outcome {
  resourceType?: string;
  issue?: Array<{ severity: string; code: string; diagnostics?: string; expression?: string[] }>;
}

/**
 * Input an attacker would send to crash the API or make it half-write: NUL characters, impossible
 * dates, forged cursors, absurd ids and numbers, JSON nested thousands deep, malformed JSON Patch, and
 * batch entries that fail unexpectedly. Every one answers 4xx with an OperationOutcome, writes
 * nothing, and leaves the API running (no unhandled rejection in this very process).
 */
describe('bad input', () => {
  let api: TestApi;
  let db: PgClient;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  /** Rows that any write (or any audited read) adds: their sum only stays put when nothing happened. */
  const writes = async () => {
    const { rows } = await db.query<{ n: number }>(
      'SELECT ((SELECT count(*) FROM fhir_history) + (SELECT count(*) FROM audit_event) + (SELECT count(*) FROM processed_message))::int AS n',
    );
    return rows[0].n;
  };

  const raw = (method: string, path: string, body?: string, headers: Record<string, string> = {}, user = 'ehr') =>
    api.token(user).then((token) =>
      fetch(`${api.origin}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/fhir+json' } : {}), ...headers },
        body,
      }),
    );

  /** Sends the request and asserts the refusal: the status, an OperationOutcome, a diagnostics that says why; and that nothing was written. */
  async function expectRefused(send: () => Promise<Response>, status: number, diagnostics: RegExp): Promise<Outcome> {
    const before = await writes();
    const response = await send();
    const body = (await response.json()) as Outcome;
    expect({ status: response.status, body }).toEqual({ status, body: expect.objectContaining({ resourceType: 'OperationOutcome' }) });
    expect(body.issue?.map((issue) => issue.diagnostics).join(' | ')).toMatch(diagnostics);
    expect(await writes()).toBe(before);
    return body;
  }

  const created: Record<string, Resource> = {};
  async function createPatient(): Promise<Resource> {
    const answer = await callAs<Resource>(api, 'ehr', 'POST', '/fhir/R4/Patient', patient());
    expect(answer.status).toBe(201);
    return answer.body;
  }

  const found = async (resource: Resource) => {
    const { system, value } = (resource.identifier as Array<{ system: string; value: string }>)[0];
    return (await callAs<Bundle>(api, 'ehr', 'GET', `/fhir/R4/Patient?identifier=${encodeURIComponent(`${system}|${value}`)}`)).body.total;
  };

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    api = await startTestApi();
    db = new PgClient({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    created.patient = await createPatient();
  });

  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await db.end();
    await api.close();
  });

  afterEach(async () => {
    // Still alive: the next ordinary request is answered, and no promise was left to reject on its own.
    const alive = await callAs<Bundle>(api, 'ehr', 'GET', `/fhir/R4/Patient?_id=${created.patient.id}`);
    expect(alive.status).toBe(200);
    expect(alive.body.total).toBe(1);
    expect(rejections).toEqual([]);
  });

  describe('search values', () => {
    it.each([
      ['a NUL in _id', '/fhir/R4/Patient?_id=a%00', /NUL/],
      ['a NUL in an identifier', '/fhir/R4/Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|0101%00', /NUL/],
      ['a NUL in a reference', '/fhir/R4/Task?subject=Patient/a%00', /NUL/],
      ['a NUL in a parameter name', '/fhir/R4/Patient?na%00me=x', /NUL/],
      ['the year 0000', '/fhir/R4/Patient?birthdate=0000-01-01', /birthdate: "0000-01-01" is not a date/],
      ['the 30th of February', '/fhir/R4/Patient?birthdate=1960-02-30', /is not a date/],
      ['month 13', `/fhir/R4/Patient?birthdate=${lastYear()}-13-01`, /is not a date/],
      ['the year 0000 in _lastUpdated', '/fhir/R4/Patient?_lastUpdated=ge0000-01-01T00:00:00Z', /_lastUpdated: .* is not a date/],
      ['_count=1e20', '/fhir/R4/Patient?_count=1e20', /_count must be a whole number/],
      ['a negative _count', '/fhir/R4/Patient?_count=-1', /_count must be a whole number/],
    ])('refuses %s with 400', async (_what, path, diagnostics) => {
      await expectRefused(() => raw('GET', path), 400, diagnostics);
    });

    it('refuses the same in a POST _search form and as GET entries of a batch', async () => {
      await expectRefused(
        () => raw('POST', '/fhir/R4/Patient/_search', '_id=a%00', { 'Content-Type': 'application/x-www-form-urlencoded' }),
        400,
        /NUL/,
      );
      const batch = await callAs<Bundle>(api, 'ehr', 'POST', '/fhir/R4', {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: 'Patient?_id=a%00' } },
          { request: { method: 'GET', url: 'Patient?birthdate=0000-01-01' } },
          { request: { method: 'GET', url: 'Patient?identifier=urn:x|y', ifNoneExist: 'identifier=urn:x|y%00' } },
          { request: { method: 'GET', url: `Patient/${created.patient.id}/_history/99999999999999999999` } },
          { request: { method: 'GET', url: `Patient?_id=${created.patient.id}` } },
        ],
      });
      expect(batch.status).toBe(200);
      expect(batch.body.entry!.map((entry) => entry.response!.status)).toEqual(['400', '400', '400', '404', '200 OK']);
      const outcome = batch.body.entry![0].response!.outcome as Outcome;
      expect(outcome.issue![0].diagnostics).toMatch(/NUL/);
    });
  });

  describe('ids, versions and headers', () => {
    it.each([
      ['a NUL in a path id', () => '/fhir/R4/Patient/a%00', 400, /NUL/],
      ['a 10 kB path id', () => `/fhir/R4/Patient/${'x'.repeat(10_000)}`, 400, /is not a FHIR id/],
      ['a 20-digit version', () => `/fhir/R4/Patient/${created.patient.id}/_history/99999999999999999999`, 404, /has no version/],
      ['_since in the year 0000', () => `/fhir/R4/Patient/${created.patient.id}/_history?_since=0000-01-01`, 400, /_since must be an instant/],
      ['a history _count of 1e20', () => `/fhir/R4/Patient/${created.patient.id}/_history?_count=1e20`, 400, /_count must be a whole number/],
    ])('refuses %s', async (_what, path, status, diagnostics) => {
      await expectRefused(() => raw('GET', path()), status, diagnostics);
    });

    it('refuses absurd If-Match versions and a NUL in If-None-Exist or the emergency reason, and changes nothing', async () => {
      const body = JSON.stringify({ ...created.patient, gender: 'female' });
      for (const ifMatch of ['W/"1e99"', 'W/"99999999999999999999"']) {
        await expectRefused(() => raw('PUT', `/fhir/R4/Patient/${created.patient.id}`, body, { 'If-Match': ifMatch }), 400, /If-Match must be a version ETag/);
      }
      const newcomer = patient();
      const { system, value } = newcomer.identifier[0];
      await expectRefused(
        () => raw('POST', '/fhir/R4/Patient', JSON.stringify(newcomer), { 'If-None-Exist': `identifier=${system}|${value}%00` }),
        400,
        /if-none-exist header contains a NUL/,
      );
      expect(await found(newcomer)).toBe(0);
      await expectRefused(
        () => raw('GET', `/fhir/R4/Patient/${created.patient.id}`, undefined, { 'X-Bro-Emergency-Access': 'akutt%00 behandling av bevisstløs pasient' }, 'gp'),
        400,
        /NUL/,
      );
      expect((await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Patient/${created.patient.id}`)).body.meta?.versionId).toBe('1');
    });

    it('refuses a NUL in /api query strings, path ids and bodies', async () => {
      const before = await writes();
      const query = await raw('GET', '/api/inbox/tasks?q=%00', undefined, {}, 'gp');
      expect(query.status).toBe(400);
      expect(((await query.json()) as { message: string }).message).toMatch(/NUL/);
      const id = await raw('GET', '/api/audit/patients/a%00/access-log', undefined, {}, 'privacy');
      expect(id.status).toBe(400);
      const bulk = await callAs<{ message: string }>(api, 'gp', 'POST', '/api/inbox/bulk-accept', { tasks: [{ id: 'a\u0000b', version: 1 }] });
      expect(bulk.status).toBe(400);
      expect(bulk.body.message).toMatch(/NUL/);
      expect(await writes()).toBe(before);
    });
  });

  describe('page cursors', () => {
    const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
    const forged: Array<[string, string]> = [
      ['base64 garbage', '!!!not-base64!!!'],
      ['valid base64 of no JSON', b64('hello')],
      ['an object instead of a list', b64({ direction: 'n' })],
      ['wrong types', b64(['n', 5, 7])],
      ['an unknown direction', b64(['x', '2026-01-01 00:00:00+00', 'abc'])],
      ['a NUL in the id', b64(['n', '2026-01-01 00:00:00+00', 'a\u0000'])],
      ['a position that is not an instant', b64(['n', 'not a date', 'abc'])],
      ['the year 0000', b64(['n', '0000-01-01 00:00:00+00', 'abc'])],
      ['a huge cursor', 'A'.repeat(4000)],
    ];

    it.each(forged)('refuses a search cursor with %s', async (_what, cursor) => {
      await expectRefused(() => raw('GET', `/fhir/R4/Patient?_cursor=${encodeURIComponent(cursor)}`), 400, /_cursor is not a valid page cursor/);
    });

    it('refuses a search cursor whose position belongs to another sort order', async () => {
      await expectRefused(() => raw('GET', `/fhir/R4/Patient?_sort=_id&_cursor=${b64(['n', '2026-01-01 00:00:00+00', 'abc'])}`), 400, /sorted by _id/);
      await expectRefused(() => raw('GET', `/fhir/R4/Patient?_cursor=${b64(['n', 'some-id', 'abc'])}`), 400, /sorted by _lastUpdated/);
    });

    it.each([...forged, ['a version beyond any integer', b64(['2026-01-01 00:00:00+00', 'abc', 1e20])] as [string, string]])(
      'refuses a history cursor with %s',
      async (_what, cursor) => {
        await expectRefused(
          () => raw('GET', `/fhir/R4/Patient/${created.patient.id}/_history?_cursor=${encodeURIComponent(cursor)}`),
          400,
          /_cursor is not a valid history position/,
        );
      },
    );

    it('still pages with the cursors Bro writes, whatever the sort, and through history', async () => {
      const other = await createPatient();
      const follow = async (path: string) => {
        const first = await callAs<Bundle>(api, 'ehr', 'GET', path);
        const next = first.body.link!.find((link) => link.relation === 'next')!.url;
        const second = await fetch(next, { headers: { Authorization: `Bearer ${await api.token('ehr')}` } });
        expect({ path, status: second.status }).toEqual({ path, status: 200 });
        return (await second.json()) as Bundle;
      };
      for (const sort of ['-_lastUpdated', '_id', 'birthdate', '-birthdate']) await follow(`/fhir/R4/Patient?_sort=${sort}&_count=1`);
      await callAs(api, 'ehr', 'PUT', `/fhir/R4/Patient/${other.id}`, { ...other, gender: 'female' });
      const older = await follow(`/fhir/R4/Patient/${other.id}/_history?_count=1`);
      expect(older.entry!.map((entry) => entry.response!.etag)).toEqual(['W/"1"']);
    });
  });

  describe('bodies', () => {
    /** An extension with `depth` levels of extensions inside, as JSON text (too deep for JSON.stringify itself). */
    const nestedExtension = (depth: number) =>
      '{"url":"urn:bro:test:level","extension":['.repeat(depth) + '{"url":"urn:bro:test:leaf","valueString":"x"}' + ']}'.repeat(depth);
    const withExtension = (resource: object, depth: number) => JSON.stringify(resource).replace(/}$/, `,"extension":[${nestedExtension(depth)}]}`);

    it('refuses a NUL in a value or a field name of a resource, naming where it is', async () => {
      const withNul = patient({ name: [{ family: 'Test\u0000esen', given: ['Kari'] }] });
      const outcome = await expectRefused(() => raw('POST', '/fhir/R4/Patient', JSON.stringify(withNul)), 400, /Patient\.name\[0\]\.family contains a NUL/);
      expect(outcome.issue![0].expression).toEqual(['Patient.name[0].family']);
      expect(await found(withNul)).toBe(0);
      const inKey = { ...patient(), ['gender\u0000']: 'female' };
      await expectRefused(() => raw('POST', '/fhir/R4/Patient', JSON.stringify(inKey)), 400, /field name .* contains a NUL/);
      await expectRefused(
        () => raw('PUT', `/fhir/R4/Patient/${created.patient.id}`, JSON.stringify({ ...created.patient, gender: 'fe\u0000male' })),
        400,
        /NUL/,
      );
    });

    it('refuses extensions nested thousands deep, and any JSON nested beyond 64 levels, before processing it', async () => {
      const deep = patient();
      await expectRefused(() => raw('POST', '/fhir/R4/Patient', withExtension(deep, 5000)), 400, /nested more than 64 levels/);
      expect(await found(deep)).toBe(0);
      await expectRefused(() => raw('POST', '/fhir/R4/Patient', '['.repeat(100_000) + ']'.repeat(100_000)), 400, /nested more than 64 levels/);
      // A real resource with a few levels of extensions is fine.
      const shallow = await raw('POST', '/fhir/R4/Patient', withExtension(patient(), 10));
      expect(shallow.status).toBe(201);
    });

    it('refuses NUL and deep nesting inside transactions and $process-message, naming the entry', async () => {
      const withNul = patient({ name: [{ family: 'Test\u0000esen' }] });
      const transaction = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: patient(), request: { method: 'POST', url: 'Patient' } }, { resource: withNul, request: { method: 'POST', url: 'Patient' } }] };
      await expectRefused(() => raw('POST', '/fhir/R4', JSON.stringify(transaction)), 400, /Bundle\.entry\[1\]\.resource\.name\[0\]\.family contains a NUL/);
      const message = `{"resourceType":"Bundle","type":"message","entry":[{"resource":${withExtension({ resourceType: 'MessageHeader' }, 3000)}}]}`;
      await expectRefused(() => raw('POST', '/fhir/R4/$process-message', message), 400, /nested more than 64 levels/);
      const nulMessage = { resourceType: 'Bundle', type: 'message', id: 'a\u0000', entry: [] };
      await expectRefused(() => raw('POST', '/fhir/R4/$process-message', JSON.stringify(nulMessage)), 400, /NUL/);
    });
  });

  describe('JSON Patch', () => {
    const patch = (operations: unknown) => () =>
      raw('PATCH', `/fhir/R4/Patient/${created.patient.id}`, JSON.stringify(operations), { 'Content-Type': 'application/json-patch+json' });

    it.each([
      ['a NUL in a value', [{ op: 'replace', path: '/gender', value: 'fe\u0000male' }], 400, /NUL/],
      ['removing the whole resource', [{ op: 'remove', path: '' }], 400, /whole resource is an update/],
      ['replacing the whole resource', [{ op: 'replace', path: '', value: 5 }], 400, /whole resource is an update/],
      ['an unknown op', [{ op: 'bogus', path: '/gender' }], 400, /op must be one of/],
      ['null as an operation', [null], 400, /must be an object/],
      ['a path that is no JSON Pointer', [{ op: 'add', path: 'gender', value: 'x' }], 400, /JSON Pointer/],
      ['add without a value', [{ op: 'add', path: '/gender' }], 400, /needs a value/],
      ['an object instead of a list', { op: 'add', path: '/gender', value: 'female' }, 400, /array of operations/],
      ['moving the id away', [{ op: 'move', from: '/id', path: '/gender' }], 400, /must not change id/],
      ['an impossible birth date', [{ op: 'replace', path: '/birthDate', value: '1960-02-30' }], 400, /birthDate/],
      ['a value nested thousands deep', [{ op: 'add', path: '/extension', value: JSON.parse('['.repeat(3000) + ']'.repeat(3000)) }], 400, /nested more than 64 levels/],
    ])('refuses %s and leaves the resource as it was', async (_what, operations, status, diagnostics) => {
      await expectRefused(patch(operations), status, diagnostics);
      expect((await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Patient/${created.patient.id}`)).body.meta?.versionId).toBe('1');
    });

    it('refuses the same inside a batch, entry by entry', async () => {
      const binary = (operations: unknown) => ({ resourceType: 'Binary', contentType: 'application/json-patch+json', data: Buffer.from(JSON.stringify(operations)).toString('base64') });
      const batch = await callAs<Bundle>(api, 'ehr', 'POST', '/fhir/R4', {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { resource: binary([{ op: 'replace', path: '/gender', value: 'fe\u0000male' }]), request: { method: 'PATCH', url: `Patient/${created.patient.id}` } },
          { resource: binary([{ op: 'remove', path: '' }]), request: { method: 'PATCH', url: `Patient/${created.patient.id}` } },
          { resource: binary(JSON.parse('['.repeat(500) + ']'.repeat(500))), request: { method: 'PATCH', url: `Patient/${created.patient.id}` } },
        ],
      });
      expect(batch.status).toBe(200);
      expect(batch.body.entry!.map((entry) => entry.response!.status)).toEqual(['400', '400', '400']);
      expect((await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Patient/${created.patient.id}`)).body.meta?.versionId).toBe('1');
    });
  });

  describe('an unexpected failure inside a Bundle', () => {
    afterEach(() => jest.restoreAllMocks());

    /** A read that fails the way a dropped database connection would: not a DomainError. */
    const failNextRead = () => jest.spyOn(api.app.get(FhirService), 'read').mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));

    it('answers that batch entry with 500 and every other entry on its own', async () => {
      const first = patient();
      const third = patient();
      failNextRead();
      const batch = await callAs<Bundle>(api, 'ehr', 'POST', '/fhir/R4', {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { resource: first, request: { method: 'POST', url: 'Patient' } },
          { request: { method: 'GET', url: `Patient/${created.patient.id}` } },
          { resource: third, request: { method: 'POST', url: 'Patient' } },
        ],
      });
      expect(batch.status).toBe(200);
      expect(batch.body.entry!.map((entry) => entry.response!.status)).toEqual(['201 Created', '500', '201 Created']);
      const outcome = batch.body.entry![1].response!.outcome as Outcome;
      expect(outcome.issue![0]).toMatchObject({ code: 'exception', diagnostics: expect.stringMatching(/Bundle\.entry\[1\]: internal error/) });
      expect(JSON.stringify(outcome)).not.toContain('Connection terminated');
      expect([await found(first), await found(third)]).toEqual([1, 1]);
    });

    it('fails a transaction as a whole, naming the entry, and writes nothing', async () => {
      const first = patient();
      failNextRead();
      const before = await writes();
      const answer = await callAs<Outcome>(api, 'ehr', 'POST', '/fhir/R4', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { resource: first, request: { method: 'POST', url: 'Patient' } },
          { request: { method: 'GET', url: `Patient/${created.patient.id}` } },
        ],
      });
      expect(answer.status).toBe(500);
      expect(answer.body.issue![0].diagnostics).toMatch(/^Bundle\.entry\[1\]: internal error; the transaction was rolled back/);
      expect(await writes()).toBe(before);
      expect(await found(first)).toBe(0);
    });
  });
});
