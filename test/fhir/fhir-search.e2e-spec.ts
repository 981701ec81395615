import Client from 'fhir-kit-client';
import { Bundle, Resource } from '@app/fhir';
import { lastYear } from '../support/clock';
import { failureOf } from '../support/fhir-error';
import { organization, patient, practitioner, task } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';

type Searchset = Bundle & { entry?: Array<{ resource?: Resource; search?: { mode: 'match' | 'include' | 'outcome' } }> };

describe('FHIR search', () => {
  let api: TestApi;
  let fhir: Client;
  let patientA: Resource;
  let patientB: Resource;
  let role: Resource;
  let office: Resource;
  const search = async (resourceType: string, searchParams: Record<string, string | string[]>) =>
    (await fhir.search({ resourceType, searchParams } as never)) as unknown as Searchset;
  const ids = (bundle: Searchset, mode = 'match') => (bundle.entry ?? []).filter((e) => e.search?.mode === mode).map((e) => e.resource?.id);

  beforeAll(async () => {
    api = await startTestApi();
    fhir = await api.fhirClient('ehr');
    office = (await fhir.create({ resourceType: 'Organization', body: organization('Søkekontoret') })) as Resource;
    const doctor = (await fhir.create({ resourceType: 'Practitioner', body: practitioner() })) as Resource;
    role = (await fhir.create({
      resourceType: 'PractitionerRole',
      body: {
        resourceType: 'PractitionerRole',
        practitioner: { reference: `Practitioner/${doctor.id}` },
        organization: { reference: `Organization/${office.id}` },
      },
    })) as Resource;
    patientA = (await fhir.create({ resourceType: 'Patient', body: patient({ generalPractitioner: [{ reference: `PractitionerRole/${role.id}` }] }) })) as Resource;
    patientB = (await fhir.create({ resourceType: 'Patient', body: patient() })) as Resource;
  });
  afterAll(() => api.close());

  it('takes a parameter given twice in a POST _search form as AND, as in the query string', async () => {
    const born = (year: number) => patient({ birthDate: `${year}-06-15` });
    const inside = (await fhir.create({ resourceType: 'Patient', body: born(1961) })) as Resource;
    const outside = (await fhir.create({ resourceType: 'Patient', body: born(1975) })) as Resource;
    const form = new URLSearchParams([
      ['birthdate', 'ge1960-01-01'],
      ['birthdate', 'lt1970-01-01'],
      ['_id', `${inside.id},${outside.id}`],
    ]);
    const answer = await fetch(`${api.baseUrl}/Patient/_search`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await api.token('ehr')}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/fhir+json' },
      body: form.toString(),
    });
    expect(answer.status).toBe(200);
    expect(ids((await answer.json()) as Searchset)).toEqual([inside.id]);
  });

  it('excludes with _id:not, and refuses the _id and _lastUpdated modifiers it does not support (400), never reading them as plain', async () => {
    const both = `${patientA.id},${patientB.id}`;
    expect(ids(await search('Patient', { _id: both, '_id:not': patientA.id! }))).toEqual([patientB.id]);
    for (const [key, value] of [
      ['_id:below', patientA.id!],
      ['_id:missing', 'false'],
      ['_id:exact', patientA.id!],
      ['_lastUpdated:missing', 'false'],
    ]) {
      const failure = await failureOf(search('Patient', { [key]: value }));
      expect({ key, status: failure.status }).toEqual({ key, status: 400 });
    }
  });

  it('finds a patient by identifier system|value and by value alone', async () => {
    const identifier = (patientA.identifier as Array<{ system: string; value: string }>)[0];
    expect(ids(await search('Patient', { identifier: `${identifier.system}|${identifier.value}` }))).toEqual([patientA.id]);
    expect(ids(await search('Patient', { identifier: identifier.value }))).toEqual([patientA.id]);
    expect(ids(await search('Patient', { identifier: `urn:other|${identifier.value}` }))).toEqual([]);
  });

  it('searches by reference, status and code, with OR inside a parameter and AND across parameters', async () => {
    const owner = `PractitionerRole/${role.id}`;
    const requested = (await fhir.create({ resourceType: 'Task', body: task(patientA.id!, owner) })) as Resource;
    const accepted = (await fhir.create({ resourceType: 'Task', body: task(patientA.id!, owner, { status: 'draft' }) })) as Resource;
    const other = (await fhir.create({ resourceType: 'Task', body: task(patientB.id!, owner, { status: 'draft' }) })) as Resource;

    const mine = await search('Task', { owner, status: 'requested,draft', _sort: '_lastUpdated' });
    expect(ids(mine)).toEqual([requested.id, accepted.id, other.id]);
    expect(mine.total).toBe(3);
    expect(ids(await search('Task', { owner, status: 'draft', patient: patientA.id! }))).toEqual([accepted.id]);
    expect(ids(await search('Task', { owner: role.id!, 'status:not': 'draft' }))).toEqual([requested.id]);
    expect(ids(await search('Task', { code: 'http://hl7.org/fhir/CodeSystem/task-code|fulfill', subject: `Patient/${patientB.id}` }))).toEqual([other.id]);
    expect(ids(await search('Patient', { 'general-practitioner': owner }))).toEqual([patientA.id]);
  });

  it('searches dates by prefix and _lastUpdated', async () => {
    const owner = `PractitionerRole/${role.id}`;
    const y = lastYear();
    const november = (await fhir.create({
      resourceType: 'Task',
      body: task(patientB.id!, owner, { authoredOn: `${y}-11-02T08:00:00Z`, restriction: { period: { end: `${y}-11-30` } } }),
    })) as Resource;
    const december = (await fhir.create({
      resourceType: 'Task',
      body: task(patientB.id!, owner, { authoredOn: `${y}-12-02T08:00:00Z`, restriction: { period: { end: `${y}-12-20` } } }),
    })) as Resource;
    const both = [november.id, december.id];
    const inSet = (bundle: Searchset) => ids(bundle).filter((id) => both.includes(id));
    expect(inSet(await search('Task', { patient: patientB.id!, 'authored-on': `${y}-11` }))).toEqual([november.id]);
    expect(inSet(await search('Task', { patient: patientB.id!, 'authored-on': `ge${y}-12-01`, _sort: 'authored-on' }))).toEqual([december.id]);
    expect(inSet(await search('Task', { patient: patientB.id!, due: `eb${y}-12-01` }))).toEqual([november.id]);
    const since = new Date(Date.now() - 60_000).toISOString();
    expect(inSet(await search('Task', { patient: patientB.id!, _lastUpdated: `gt${since}`, _sort: 'authored-on' }))).toEqual(both);
    expect(inSet(await search('Task', { patient: patientB.id!, _lastUpdated: `lt${since}` }))).toEqual([]);
  });

  it('includes referenced resources and reverse-includes referring ones', async () => {
    const owner = `PractitionerRole/${role.id}`;
    const created = (await fhir.create({ resourceType: 'Task', body: task(patientA.id!, owner) })) as Resource;
    const withIncludes = await search('Task', { _id: created.id!, _include: ['Task:patient', 'Task:owner'] });
    expect(ids(withIncludes)).toEqual([created.id]);
    expect(ids(withIncludes, 'include').sort()).toEqual([patientA.id, role.id].sort());

    const reverse = await search('Patient', { _id: patientA.id!, _revinclude: 'Task:patient' });
    expect(ids(reverse)).toEqual([patientA.id]);
    expect(ids(reverse, 'include')).toContain(created.id);
  });

  it('pages through more than three pages with nextPage, forwards and back, without gaps or repeats', async () => {
    const pageOffice = (await fhir.create({ resourceType: 'Organization', body: organization('Sidekontoret') })) as Resource;
    const created: string[] = [];
    for (let i = 0; i < 23; i++) {
      const unit = (await fhir.create({
        resourceType: 'Organization',
        body: organization(`Enhet ${i}`, { partOf: { reference: `Organization/${pageOffice.id}` } }),
      })) as Resource;
      created.push(unit.id!);
    }
    let page = await search('Organization', { partof: `Organization/${pageOffice.id}`, _count: '5', _sort: '_lastUpdated' });
    expect(page.total).toBe(23);
    const seen = [...ids(page)];
    let pages = 1;
    while (page.link?.some((l) => l.relation === 'next')) {
      page = (await fhir.nextPage({ bundle: page } as never)) as unknown as Searchset;
      seen.push(...ids(page));
      pages++;
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(created);
    const back = (await fhir.prevPage({ bundle: page } as never)) as unknown as Searchset;
    expect(ids(back)).toEqual(created.slice(15, 20));
  });

  it('counts only with _summary=count and refuses unknown parameters with a clear OperationOutcome', async () => {
    const counted = await search('Patient', { _id: `${patientA.id},${patientB.id}`, _summary: 'count' });
    expect(counted.total).toBe(2);
    expect(counted.entry ?? []).toHaveLength(0);
    const unknown = await failureOf(search('Task', { colour: 'blue' }));
    expect(unknown.status).toBe(400);
    expect(unknown.data.issue?.[0].diagnostics).toContain('colour');
    const badDate = await failureOf(search('Task', { 'authored-on': 'yesterday' }));
    expect(badDate.status).toBe(400);
    const notANumber = await failureOf(search('Task', { _count: 'many' }));
    expect(notANumber.status).toBe(400);
  });
});
