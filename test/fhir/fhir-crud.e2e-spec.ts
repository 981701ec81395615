import Client from 'fhir-kit-client';
import { Resource } from '@app/fhir';
import { failureOf } from '../support/fhir-error';
import { organization, patient, practitioner } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';

describe('FHIR REST interactions', () => {
  let api: TestApi;
  let fhir: Client;

  beforeAll(async () => {
    api = await startTestApi();
    fhir = await api.fhirClient('ehr');
  });
  afterAll(() => api.close());

  it('creates with a server id, version 1, and Location, ETag and Last-Modified headers', async () => {
    const response = await fetch(`${api.baseUrl}/Patient`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await api.token()}`, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ ...patient(), id: 'client-chosen' }),
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as Resource;
    expect(created.id).not.toBe('client-chosen');
    expect(created.meta?.versionId).toBe('1');
    expect(response.headers.get('etag')).toBe('W/"1"');
    expect(response.headers.get('location')).toBe(`${api.baseUrl}/Patient/${created.id}/_history/1`);
    expect(new Date(response.headers.get('last-modified')!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
  });

  it('reads, updates with If-Match, refuses a stale If-Match with 412, and vreads every version', async () => {
    const created = (await fhir.create({ resourceType: 'Organization', body: organization('Gamle navn') })) as Resource;
    const updated = (await fhir.update({
      resourceType: 'Organization',
      id: created.id!,
      body: { ...created, name: 'Nytt navn' },
      options: { headers: { 'If-Match': 'W/"1"' } },
    })) as Resource;
    expect(updated.meta?.versionId).toBe('2');
    expect(updated.name).toBe('Nytt navn');

    const stale = await failureOf(
      fhir.update({ resourceType: 'Organization', id: created.id!, body: { ...created, name: 'Tapt' }, options: { headers: { 'If-Match': 'W/"1"' } } }),
    );
    expect(stale.status).toBe(412);
    expect(stale.data.resourceType).toBe('OperationOutcome');
    expect(stale.data.issue?.[0].diagnostics).toContain('version 2');

    const read = (await fhir.read({ resourceType: 'Organization', id: created.id! })) as Resource;
    expect(read.name).toBe('Nytt navn');
    const first = (await fhir.vread({ resourceType: 'Organization', id: created.id!, version: '1' })) as Resource;
    expect(first.name).toBe('Gamle navn');
    expect((await failureOf(fhir.vread({ resourceType: 'Organization', id: created.id!, version: '9' }))).status).toBe(404);
  });

  it('conditional create answers 201 first, then 200 with the same resource, and 412 when several match', async () => {
    const body = patient();
    const criteria = `identifier=${body.identifier![0].system}|${body.identifier![0].value}`;
    const first = await fetch(`${api.baseUrl}/Patient`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await api.token()}`, 'Content-Type': 'application/fhir+json', 'If-None-Exist': criteria },
      body: JSON.stringify(body),
    });
    const second = await fetch(`${api.baseUrl}/Patient`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await api.token()}`, 'Content-Type': 'application/fhir+json', 'If-None-Exist': criteria },
      body: JSON.stringify(body),
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(((await second.json()) as Resource).id).toBe(((await first.json()) as Resource).id);

    const shared = { system: 'urn:bro:test:tag', value: `tag-${Date.now()}` };
    await fhir.create({ resourceType: 'Organization', body: { ...organization(), type: [{ coding: [{ system: shared.system, code: shared.value }] }] } });
    await fhir.create({ resourceType: 'Organization', body: { ...organization(), type: [{ coding: [{ system: shared.system, code: shared.value }] }] } });
    const several = await failureOf(
      fhir.create({ resourceType: 'Organization', body: organization(), options: { headers: { 'If-None-Exist': `type=${shared.value}` } } }),
    );
    expect(several.status).toBe(412);
  });

  it('refuses a second resource with an identifier another one already has', async () => {
    const body = practitioner();
    await fhir.create({ resourceType: 'Practitioner', body });
    const clash = await failureOf(fhir.create({ resourceType: 'Practitioner', body }));
    expect(clash.status).toBe(409);
    expect(clash.data.issue?.[0].diagnostics).toContain(body.identifier![0].value);
  });

  it('conditional update by identifier creates once and then updates the same resource', async () => {
    const body = practitioner();
    const criteria = { identifier: `${body.identifier![0].system}|${body.identifier![0].value}` };
    const created = (await fhir.update({ resourceType: 'Practitioner', searchParams: criteria, body } as never)) as Resource;
    const again = (await fhir.update({
      resourceType: 'Practitioner',
      searchParams: criteria,
      body: { ...body, name: [{ family: 'Endret' }] },
    } as never)) as Resource;
    expect(again.id).toBe(created.id);
    expect(again.meta?.versionId).toBe('2');
  });

  it('applies a JSON Patch with If-Match and refuses one that changes the id', async () => {
    const created = (await fhir.create({ resourceType: 'Organization', body: organization('Før patch') })) as Resource;
    const patched = (await fhir.patch({
      resourceType: 'Organization',
      id: created.id!,
      JSONPatch: [{ op: 'replace', path: '/name', value: 'Etter patch' }],
      options: { headers: { 'If-Match': 'W/"1"' } },
    })) as Resource;
    expect(patched.name).toBe('Etter patch');
    expect(patched.meta?.versionId).toBe('2');
    const idChange = await failureOf(
      fhir.patch({ resourceType: 'Organization', id: created.id!, JSONPatch: [{ op: 'replace', path: '/id', value: 'other' }] }),
    );
    expect(idChange.status).toBe(400);
    const failedTest = await failureOf(
      fhir.patch({ resourceType: 'Organization', id: created.id!, JSONPatch: [{ op: 'test', path: '/name', value: 'Feil' }] }),
    );
    expect(failedTest.status).toBe(422);
  });

  it('deletes: reads answer 410 afterwards and history keeps every version', async () => {
    const created = (await fhir.create({ resourceType: 'Organization', body: organization('Skal slettes') })) as Resource;
    await fhir.update({ resourceType: 'Organization', id: created.id!, body: { ...created, name: 'Endret før sletting' } });
    await fhir.delete({ resourceType: 'Organization', id: created.id! });
    expect((await failureOf(fhir.read({ resourceType: 'Organization', id: created.id! }))).status).toBe(410);

    const history = (await fhir.history({ resourceType: 'Organization', id: created.id! })) as unknown as { total: number; entry: Array<{ request: { method: string }; resource?: Resource }> };
    expect(history.total).toBe(3);
    expect(history.entry.map((e) => e.request.method)).toEqual(['DELETE', 'PUT', 'POST']);
    expect(history.entry[2].resource?.name).toBe('Skal slettes');
  });

  it('type history pages newest first', async () => {
    for (let i = 0; i < 3; i++) await fhir.create({ resourceType: 'HealthcareService', body: { resourceType: 'HealthcareService', name: `Tjeneste ${i}` } });
    // fhir-kit-client's history() takes no parameters, so the first page is asked for directly.
    const first = await fetch(`${api.baseUrl}/HealthcareService/_history?_count=2`, { headers: { Authorization: `Bearer ${await api.token()}` } });
    const page = (await first.json()) as { entry: Array<{ resource: Resource }>; link: Array<{ relation: string }> };
    expect(page.entry[0].resource.name).toBe('Tjeneste 2');
    expect(page.entry).toHaveLength(2);
    expect(page.link.map((l) => l.relation)).toContain('next');
    const next = (await fhir.nextPage({ bundle: page } as never)) as unknown as { entry: Array<{ resource: Resource }> };
    expect(next.entry.length).toBeGreaterThanOrEqual(1);
    expect(next.entry[0].resource.id).not.toBe(page.entry[1].resource.id);
  });
});
