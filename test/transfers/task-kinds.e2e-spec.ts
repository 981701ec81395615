import { Bundle, Resource, TASK_KIND_SYSTEM } from '@app/fhir';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';

const kinds = (task: Resource) => ((task.code as { coding: Array<{ system: string; code: string }> }).coding ?? []).filter((c) => c.system === TASK_KIND_SYSTEM).map((c) => c.code);

/** Every Task carries its workflow's kind in Task.code, searchable like any coding; the kind never changes. */
describe('task kinds', () => {
  let api: TestApi;
  let handedOver: Resource;

  beforeAll(async () => {
    api = await startTestApi();
    handedOver = (await postHandover(await api.fhirClient('ehr'), handover({ patient: newPatient(gpRole()) }))).tasks[0];
  });
  afterAll(() => api.close());

  it('gives a handed-over task the discharge kind beside fulfill, searchable by code', async () => {
    expect(kinds(handedOver)).toEqual(['discharge-follow-up']);
    expect((handedOver.code as { coding: Array<{ code: string }> }).coding.map((c) => c.code)).toContain('fulfill');
    const found = await callAs<Bundle>(api, 'ehr', 'GET', `/fhir/R4/Task?_id=${handedOver.id}&code=${TASK_KIND_SYSTEM}|discharge-follow-up`);
    expect(found.body.total).toBe(1);
    const otherKind = await callAs<Bundle>(api, 'ehr', 'GET', `/fhir/R4/Task?_id=${handedOver.id}&code=${TASK_KIND_SYSTEM}|referral-fulfilment`);
    expect(otherKind.body.total).toBe(0);
  });

  it('keeps the kind when an update leaves it out, and refuses to change it', async () => {
    const current = (await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Task/${handedOver.id}`)).body;
    const withoutKind = { ...current, code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] }, description: 'Oppdatert beskrivelse' };
    const kept = await callAs<Resource>(api, 'ehr', 'PUT', `/fhir/R4/Task/${handedOver.id}`, withoutKind);
    expect(kept.status).toBe(200);
    expect(kinds(kept.body)).toEqual(['discharge-follow-up']);
    const changed = await callAs(api, 'ehr', 'PUT', `/fhir/R4/Task/${handedOver.id}`, {
      ...kept.body,
      code: { coding: [{ system: TASK_KIND_SYSTEM, code: 'referral-fulfilment' }] },
    });
    expect(changed.status).toBe(409);
    expect(kinds((await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Task/${handedOver.id}`)).body)).toEqual(['discharge-follow-up']);
  });

  it('publishes the kinds as a CodeSystem', async () => {
    const codeSystem = await callAs<{ url: string; concept: Array<{ code: string }> }>(api, 'gp', 'GET', '/fhir/R4/CodeSystem/task-kind');
    expect(codeSystem.body.url).toBe(TASK_KIND_SYSTEM);
    expect(codeSystem.body.concept.map((c) => c.code)).toEqual(['discharge-follow-up', 'referral-fulfilment', 'lowthreshold-triage', 'multidose-update']);
  });
});
