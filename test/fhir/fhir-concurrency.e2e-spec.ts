import Client from 'fhir-kit-client';
import { Bundle } from '@app/fhir';
import { patient } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';

describe('FHIR writes under concurrency', () => {
  let api: TestApi;
  let fhir: Client;

  beforeAll(async () => {
    api = await startTestApi();
    fhir = await api.fhirClient('ehr');
  });
  afterAll(() => api.close());

  it('conditional create run concurrently leaves exactly one resource', async () => {
    for (let round = 0; round < 5; round++) {
      const body = patient();
      const fnr = body.identifier[0];
      const criteria = `identifier=${fnr.system}|${fnr.value}`;
      const results = await Promise.all(
        Array.from({ length: 8 }, () => fhir.create({ resourceType: 'Patient', body, options: { headers: { 'If-None-Exist': criteria } } })),
      );
      const ids = new Set(results.map((r) => (r as { id: string }).id));
      expect(ids.size).toBe(1);
      const found = (await fhir.search({ resourceType: 'Patient', searchParams: { identifier: `${fnr.system}|${fnr.value}` } })) as Bundle;
      expect(found.total).toBe(1);
    }
  });

  it('concurrent updates with the same If-Match: one wins, the others get 412', async () => {
    const created = (await fhir.create({ resourceType: 'Patient', body: patient() })) as { id: string };
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        fhir.update({
          resourceType: 'Patient',
          id: created.id,
          body: { ...patient(), id: created.id, gender: i % 2 ? 'male' : 'female' },
          options: { headers: { 'If-Match': 'W/"1"' } },
        }),
      ),
    );
    const statuses = attempts.map((a) => (a.status === 'fulfilled' ? 200 : (a.reason as { response: { status: number } }).response.status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(5);
  });
});
