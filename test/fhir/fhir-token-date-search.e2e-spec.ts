import Client from 'fhir-kit-client';
import { Bundle, Resource } from '@app/fhir';
import { daysFromNow, utcDateFromNow } from '../support/clock';
import { organization, patient, practitioner, task } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';

type Searchset = Bundle & { entry?: Array<{ resource?: Resource }> };

const MINE = 'urn:bro:test:token-date-search';

describe('FHIR token and date search: :not keeps the unset, systems count, ap', () => {
  let api: TestApi;
  let fhir: Client;
  let owner: string;
  let forPatient: string;
  const ids = async (resourceType: string, searchParams: Record<string, string | string[]>) => {
    const bundle = (await fhir.search({ resourceType, searchParams } as never)) as unknown as Searchset;
    return (bundle.entry ?? []).map((entry) => entry.resource?.id).sort();
  };
  const created = async (body: Resource) => (await fhir.create({ resourceType: body.resourceType, body })) as Resource;

  beforeAll(async () => {
    api = await startTestApi();
    fhir = await api.fhirClient('ehr');
    const office = await created(organization('Tokenkontoret'));
    const doctor = await created(practitioner());
    const role = await created({
      resourceType: 'PractitionerRole',
      practitioner: { reference: `Practitioner/${doctor.id}` },
      organization: { reference: `Organization/${office.id}` },
    });
    owner = `PractitionerRole/${role.id}`;
    forPatient = (await created(patient())).id!;
  });
  afterAll(() => api.close());

  it('keeps resources that lack the element in :not on a multi-valued token', async () => {
    const typed = (code: string) => ({ type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code }] }] });
    const provider = await created(organization('Tokenleverandøren', { identifier: [{ system: MINE, value: 'prov' }], ...typed('prov') }));
    const department = await created(organization('Tokenavdelingen', { identifier: [{ system: MINE, value: 'dept' }], ...typed('dept') }));
    const untyped = await created(organization('Tokenløse', { identifier: [{ system: MINE, value: 'none' }] }));

    expect(await ids('Organization', { identifier: `${MINE}|`, 'type:not': 'prov' })).toEqual([department.id, untyped.id].sort());
    expect(await ids('Organization', { identifier: `${MINE}|`, 'type:not': 'prov,dept' })).toEqual([untyped.id]);
    expect(await ids('Organization', { identifier: `${MINE}|`, type: 'prov' })).toEqual([provider.id]);
  });

  it('matches system|code on a bare code only in the code system of its binding', async () => {
    const draft = await created(task(forPatient, owner, { status: 'draft' }));
    const requested = await created(task(forPatient, owner, { status: 'requested', priority: 'urgent' }));
    const search = (params: Record<string, string>) => ids('Task', { patient: forPatient, ...params });

    expect(await search({ status: 'http://hl7.org/fhir/task-status|draft' })).toEqual([draft.id]);
    expect(await search({ status: 'http://wrong|draft' })).toEqual([]);
    expect(await search({ status: '|draft' })).toEqual([]);
    expect(await search({ status: 'http://wrong|draft,requested' })).toEqual([requested.id]);
    expect(await search({ status: 'http://hl7.org/fhir/task-status|' })).toEqual([draft.id, requested.id].sort());
    expect(await search({ status: 'http://wrong|' })).toEqual([]);
    expect(await search({ 'status:not': 'http://wrong|draft' })).toEqual([draft.id, requested.id].sort());
    expect(await search({ 'status:not': 'http://hl7.org/fhir/task-status|draft' })).toEqual([requested.id]);
    expect(await search({ priority: 'http://hl7.org/fhir/request-priority|urgent' })).toEqual([requested.id]);
    expect(await search({ priority: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority|urgent' })).toEqual([]);
  });

  it('takes the ap prefix as approximately: a tenth of the time from now either side', async () => {
    const dated = (await created(patient())).id!;
    const authored = (days: number) => created(task(dated, owner, { authoredOn: daysFromNow(days) }));
    const hundredDaysAgo = await authored(-100);
    const fortyDaysAgo = await authored(-40);
    const search = (params: Record<string, string>) => ids('Task', { patient: dated, ...params });

    // 105 days ago give or take ten and a half: 100 days ago is in, 40 days ago far out.
    expect(await search({ 'authored-on': `ap${utcDateFromNow(-105)}` })).toEqual([hundredDaysAgo.id]);
    expect(await search({ 'authored-on': `eq${utcDateFromNow(-105)}` })).toEqual([]);
    // 44 days ago give or take four and a half: 40 days ago is in; 100 days ago out.
    expect(await search({ 'authored-on': `ap${utcDateFromNow(-44)}` })).toEqual([fortyDaysAgo.id]);
    expect(await search({ 'authored-on': `ap${utcDateFromNow(-50)}` })).toEqual([]);
    expect(await search({ _lastUpdated: `ap${utcDateFromNow(0)}` })).toEqual([fortyDaysAgo.id, hundredDaysAgo.id].sort());
  });
});
