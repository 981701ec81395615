import { IdentifierSystem } from '@app/fhir';
import { patient } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';
import { demoUnit } from '../support/test-directory';

interface Outcome {
  resourceType: string;
  issue: Array<{ severity: string; code: string; diagnostics: string }>;
}

describe('FHIR errors are OperationOutcomes with the right status', () => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await startTestApi({ MAX_BODY_SIZE: '64kb' });
    token = await api.token('ehr');
  });
  afterAll(() => api.close());

  async function call(path: string, init: RequestInit & { auth?: boolean } = {}): Promise<{ status: number; body: Outcome; headers: Headers }> {
    const headers = new Headers(init.headers);
    if (init.auth !== false) headers.set('Authorization', `Bearer ${token}`);
    const response = await fetch(`${api.baseUrl}${path}`, { ...init, headers });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Outcome) : (undefined as never), headers: response.headers };
  }

  async function patientCount(): Promise<number> {
    return ((await call('/Patient?_summary=count')).body as unknown as { total: number }).total;
  }

  function expectOutcome(result: { status: number; body: Outcome }, status: number, code?: string) {
    expect(result.status).toBe(status);
    expect(result.body.resourceType).toBe('OperationOutcome');
    expect(result.body.issue[0].diagnostics.length).toBeGreaterThan(0);
    if (code) expect(result.body.issue[0].code).toBe(code);
  }

  it('401 without a token, with a malformed token, and with a token signed by someone else', async () => {
    const none = await call('/Patient', { auth: false });
    expectOutcome(none, 401, 'login');
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expectOutcome(await call('/Patient', { auth: false, headers: { Authorization: 'Bearer not.a.jwt' } }), 401);
    const [header, payload] = token.split('.');
    expectOutcome(await call('/Patient', { auth: false, headers: { Authorization: `Bearer ${header}.${payload}.c2lnbmF0dXJl` } }), 401);
  });

  it('serves the CapabilityStatement without a token, listing types and search parameters', async () => {
    const response = await fetch(`${api.baseUrl}/metadata`);
    expect(response.status).toBe(200);
    const statement = (await response.json()) as { resourceType: string; rest: Array<{ resource: Array<{ type: string; searchParam: Array<{ name: string }> }> }> };
    expect(statement.resourceType).toBe('CapabilityStatement');
    const task = statement.rest[0].resource.find((r) => r.type === 'Task')!;
    expect(task.searchParam.map((p) => p.name)).toEqual(expect.arrayContaining(['_id', '_lastUpdated', 'identifier', 'owner', 'status', 'patient']));
    // The eighteen stored types, and the read-only CodeSystem (Bro's own) and AuditEvent (the audit trail).
    expect(statement.rest[0].resource.map((r) => r.type)).toHaveLength(20);
    // Operations as the features registered them, at their level, and the websocket endpoint they contributed.
    const rest = statement.rest[0] as unknown as { operation: Array<{ name: string }>; extension: Array<{ url: string }>; resource: Array<{ type: string; operation?: Array<{ name: string }> }> };
    expect(rest.operation.map((o) => o.name)).toEqual(['process-message']);
    expect(rest.resource.find((r) => r.type === 'Subscription')!.operation!.map((o) => o.name)).toEqual(['validate', 'get-ws-binding-token']);
    expect(rest.extension.map((e) => e.url)).toEqual(['http://hl7.org/fhir/StructureDefinition/capabilitystatement-websocket']);
  });

  it('routes operations by level: 404 for one not offered, 405 for a POST to a resource, GET only for one that reads', async () => {
    expectOutcome(await call('/$no-such-operation', { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: '{}' }), 404, 'not-found');
    expectOutcome(await call('/Task/$no-such-operation'), 404, 'not-found');
    expectOutcome(await call('/Subscription/some-id/$no-such-operation'), 404, 'not-found');
    expectOutcome(await call('/Task/some-id/everything'), 404, 'not-found');
    expectOutcome(await call('/Task/some-id', { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: '{}' }), 405);
    expectOutcome(await call('/$process-message'), 405);
  });

  it('404 for an unknown resource type and for a missing resource', async () => {
    expectOutcome(await call('/Spaceship'), 404, 'not-found');
    expectOutcome(await call('/Spaceship/1'), 404, 'not-found');
    expectOutcome(await call('/Patient/does-not-exist'), 404, 'not-found');
  });

  it('400 for malformed JSON, 415 for a wrong content type, 413 for an oversized body — and nothing is written', async () => {
    const before = await patientCount();
    expectOutcome(await call('/Patient', { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: '{"resourceType": "Patient",' }), 400);
    expectOutcome(await call('/Patient', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(patient()) }), 415);
    expectOutcome(await call('/Patient', { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: '<Patient/>' }), 415);
    const huge = { ...patient(), text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(70_000)}</div>` } };
    expectOutcome(await call('/Patient', { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(huge) }), 413);
    expect(await patientCount()).toBe(before);
  });

  it('rejects a fødselsnummer with wrong check digits and structurally invalid resources', async () => {
    const valid = patient();
    const value = valid.identifier[0].value;
    const wrongCheckDigit = value.slice(0, 10) + String((Number(value[10]) + 1) % 10);
    const badNumber = await call('/Patient', {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ ...valid, identifier: [{ system: IdentifierSystem.Fodselsnummer, value: wrongCheckDigit }] }),
    });
    expect([400, 422]).toContain(badNumber.status);
    expect(badNumber.body.issue[0].diagnostics).toContain('fødselsnummer');

    const unknownElement = await call('/Patient', { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify({ ...valid, favouriteColour: 'blue' }) });
    expectOutcome(unknownElement, 400);
    const wrongType = await call('/Patient', { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Organization' }) });
    expectOutcome(wrongType, 400);
    const badDate = await call('/Patient', { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify({ ...patient(), birthDate: '31.12.1950' }) });
    expectOutcome(badDate, 400);
    const missingStatus = await call('/Task', { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Task', intent: 'order' }) });
    expectOutcome(missingStatus, 400);
  });

  it('422 for a reference to a resource that does not exist', async () => {
    const result = await call('/Task', {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Task', status: 'requested', intent: 'order', requester: { reference: demoUnit() }, for: { reference: 'Patient/nobody' } }),
    });
    expectOutcome(result, 422, 'processing');
    expect(result.body.issue[0].diagnostics).toContain('Patient/nobody');
  });

  it('400 for an If-Match that is not an ETag, 412 for a stale one, 400 for an id that differs from the URL', async () => {
    const created = await call('/Patient', { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(patient()) });
    const id = (created.body as unknown as { id: string }).id;
    const put = (ifMatch: string, body: unknown) =>
      call(`/Patient/${id}`, { method: 'PUT', headers: { 'Content-Type': 'application/fhir+json', 'If-Match': ifMatch }, body: JSON.stringify(body) });
    expectOutcome(await put('yesterday', { ...patient(), id }), 400);
    expectOutcome(await put('W/"7"', { ...patient(), id }), 412, 'conflict');
    expectOutcome(await put('W/"1"', { ...patient(), id: 'another-id' }), 400);
  });

  it('400 for a Bundle that is not a transaction or batch', async () => {
    expectOutcome(
      await call('', { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Bundle', type: 'collection' }) }),
      400,
    );
  });
});
