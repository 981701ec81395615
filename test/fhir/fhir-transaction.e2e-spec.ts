import Client from 'fhir-kit-client';
import { Bundle, Resource } from '@app/fhir';
import { failureOf } from '../support/fhir-error';
import { Identified, organization, patient, practitioner } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';
import { demoUnit } from '../support/test-directory';

type ResponseBundle = Omit<Bundle, 'entry'> & { entry: Array<{ resource?: Resource; response: { status: string; location?: string; outcome?: Resource } }> };
const asResponse = (value: unknown) => value as ResponseBundle;

describe('FHIR transaction and batch Bundles', () => {
  let api: TestApi;
  let fhir: Client;
  const countOf = async (resourceType: string, searchParams: Record<string, string>) =>
    ((await fhir.search({ resourceType, searchParams: { ...searchParams, _summary: 'count' } })) as Bundle).total;

  beforeAll(async () => {
    api = await startTestApi();
    fhir = await api.fhirClient('ehr');
  });
  afterAll(() => api.close());

  function handOver(patientBody: Identified, officeBody: Resource) {
    const fnr = patientBody.identifier[0];
    return {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:7b3d3a52-34a4-4f4c-9c0e-0a3c3f2b1a01',
          resource: {
            resourceType: 'Task',
            status: 'requested',
            intent: 'order',
            for: { reference: 'urn:uuid:7b3d3a52-34a4-4f4c-9c0e-0a3c3f2b1a02' },
            owner: { reference: 'urn:uuid:7b3d3a52-34a4-4f4c-9c0e-0a3c3f2b1a03' },
            requester: { reference: demoUnit() },
          },
          request: { method: 'POST', url: 'Task' },
        },
        {
          fullUrl: 'urn:uuid:7b3d3a52-34a4-4f4c-9c0e-0a3c3f2b1a02',
          resource: patientBody,
          request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${fnr.system}|${fnr.value}` },
        },
        { fullUrl: 'urn:uuid:7b3d3a52-34a4-4f4c-9c0e-0a3c3f2b1a03', resource: officeBody, request: { method: 'POST', url: 'Organization' } },
      ],
    };
  }

  it('writes all entries, resolving urn:uuid references in any order, and answers per entry', async () => {
    const result = asResponse(await fhir.transaction({ body: handOver(patient(), organization()) as never }));
    expect(result.type).toBe('transaction-response');
    expect(result.entry.map((e) => e.response.status)).toEqual(['201 Created', '201 Created', '201 Created']);
    const [taskEntry, patientEntry, officeEntry] = result.entry;
    const storedTask = (await fhir.read({ resourceType: 'Task', id: taskEntry.resource!.id! })) as Resource;
    expect(storedTask.for).toEqual({ reference: `Patient/${patientEntry.resource!.id}` });
    expect(storedTask.owner).toEqual({ reference: `Organization/${officeEntry.resource!.id}` });
    expect(taskEntry.response.location).toBe(`Task/${taskEntry.resource!.id}/_history/1`);
  });

  it('re-uses the existing patient for a conditional create inside the transaction', async () => {
    const body = patient();
    const first = asResponse(await fhir.transaction({ body: handOver(body, organization()) as never }));
    const second = asResponse(await fhir.transaction({ body: handOver(body, organization()) as never }));
    expect(second.entry[1].response.status).toBe('200 OK');
    expect(second.entry[1].resource!.id).toBe(first.entry[1].resource!.id);
    const fnr = body.identifier[0];
    expect(await countOf('Patient', { identifier: `${fnr.system}|${fnr.value}` })).toBe(1);
  });

  it('writes nothing when one entry is invalid, and names the entry', async () => {
    const body = patient();
    const office = organization('Skal ikke finnes');
    const bundle = handOver(body, office);
    (bundle.entry[0].resource as Record<string, unknown>).status = 'not-a-status';
    const failure = await failureOf(fhir.transaction({ body: bundle as never }));
    expect([400, 422]).toContain(failure.status);
    expect(failure.data.issue?.[0].diagnostics).toContain('Bundle.entry[0]');
    const fnr = body.identifier[0];
    expect(await countOf('Patient', { identifier: `${fnr.system}|${fnr.value}` })).toBe(0);
    expect(await countOf('Organization', { identifier: `${office.identifier![0].system}|${office.identifier![0].value}` })).toBe(0);
  });

  it('rolls back everything when a later entry fails in the database (a reference to nothing)', async () => {
    const body = patient();
    const bundle = handOver(body, organization());
    bundle.entry.push({
      fullUrl: 'urn:uuid:7b3d3a52-34a4-4f4c-9c0e-0a3c3f2b1a04',
      resource: { resourceType: 'Task', status: 'requested', intent: 'order', requester: { reference: demoUnit() }, for: { reference: 'Patient/does-not-exist' } } as never,
      request: { method: 'POST', url: 'Task' },
    });
    const failure = await failureOf(fhir.transaction({ body: bundle as never }));
    expect(failure.status).toBe(422);
    expect(failure.data.issue?.[0].diagnostics).toContain('Bundle.entry[3]');
    const fnr = body.identifier[0];
    expect(await countOf('Patient', { identifier: `${fnr.system}|${fnr.value}` })).toBe(0);
  });

  it('processes a batch entry by entry: a failing entry does not stop the others', async () => {
    const good = practitioner();
    const result = asResponse(await fhir.batch({
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { resource: good, request: { method: 'POST', url: 'Practitioner' } },
          { request: { method: 'GET', url: 'Patient/does-not-exist' } },
          { resource: { resourceType: 'Practitioner', gender: 'sometimes' }, request: { method: 'POST', url: 'Practitioner' } },
        ],
      } as never,
    }));
    expect(result.type).toBe('batch-response');
    expect(result.entry[0].response.status).toBe('201 Created');
    expect(result.entry[1].response.status).toBe('404');
    expect(['400', '422']).toContain(result.entry[2].response.status);
    expect(result.entry[2].response.outcome?.resourceType).toBe('OperationOutcome');
    expect(await countOf('Practitioner', { identifier: `${good.identifier![0].system}|${good.identifier![0].value}` })).toBe(1);
  });
});
