import Client from 'fhir-kit-client';
import { Bundle, Resource } from '@app/fhir';
import { TestApi, startTestApi } from '../support/test-api';
import { demoUnit, testDirectory } from '../support/test-directory';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';

type Searchset = Bundle & { total?: number };
const ids = (bundle: Searchset) => (bundle.entry ?? []).map((e) => `${e.resource!.resourceType}/${e.resource!.id}`);

/**
 * Access by work-related need, tried with every demo role: a GP's patient (A) and task, and what
 * the other GP, the hospital, the quality team, the privacy officer, the admin and system clients get.
 */
describe('access policy', () => {
  let api: TestApi;
  let ehr: Client;
  let task: Resource;
  let patientA: string;
  let encounterA: string;

  const get = <T = Searchset>(user: string, path: string, headers: Record<string, string> = {}) => callAs<T>(api, user, 'GET', `/fhir/R4/${path}`, undefined, headers);

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    const { tasks, response } = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')), categories: ['PROVESVAR'] }));
    task = tasks[0];
    patientA = (task.for as { reference: string }).reference;
    encounterA = response.entry!.find((e) => e.response?.location?.startsWith('Encounter/'))!.response!.location!.split('/_history')[0];
  });
  afterAll(() => api.close());

  describe("another GP's patient is invisible to a GP", () => {
    it('by id: 404, as if it did not exist', async () => {
      expect((await get('gp', `Task/${task.id}`)).status).toBe(200);
      expect((await get('gp2', `Task/${task.id}`)).status).toBe(404);
      expect((await get('gp2', patientA)).status).toBe(404);
      expect((await get('gp2', `${encounterA}`)).status).toBe(404);
      expect((await get('gp2', `Task/${task.id}/_history/1`)).status).toBe(404);
      expect((await get('gp2', `Task/${task.id}/_history`)).status).toBe(404);
    });

    it('by search: no hits and a total of 0', async () => {
      const mine = await get('gp', `Task?patient=${patientA}`);
      expect(mine.body.total).toBe(1);
      const theirs = await get('gp2', `Task?patient=${patientA}`);
      expect(theirs.status).toBe(200);
      expect(theirs.body.total).toBe(0);
      expect((await get('gp2', `Task?_id=${task.id}`)).body.total).toBe(0);
      expect((await get('gp2', `Patient?_id=${patientA.split('/')[1]}&_revinclude=Task:patient`)).body.entry ?? []).toEqual([]);
    });

    it('by _include: a visible task never pulls in what the caller may not see', async () => {
      // A task for gp2's own patient whose focus is the stay of gp's patient A.
      const own = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp2')) }));
      const focused = await callAs<Resource>(api, 'ehr', 'PUT', `/fhir/R4/Task/${own.tasks[0].id}`, { ...own.tasks[0], focus: { reference: encounterA } });
      expect(focused.status).toBe(200);
      const asGp2 = await get('gp2', `Task?_id=${own.tasks[0].id}&_include=Task:focus`);
      expect(ids(asGp2.body)).toEqual([`Task/${own.tasks[0].id}`]);
      const asSystem = await get('ehr', `Task?_id=${own.tasks[0].id}&_include=Task:focus`);
      expect(ids(asSystem.body)).toContain(encounterA);
    });

    it('cannot change it: 404 on update, patch and delete', async () => {
      expect((await callAs(api, 'gp2', 'PUT', `/fhir/R4/Task/${task.id}`, { ...task, description: 'x' }, { 'If-Match': 'W/"1"' })).status).toBe(404);
      expect((await callAs(api, 'gp2', 'DELETE', `/fhir/R4/${patientA}`)).status).toBe(404);
    });
  });

  it('the hospital sees the patients of its unit, not others', async () => {
    expect((await get('coordinator', `Task/${task.id}`)).status).toBe(200);
    expect((await get('coordinator', patientA)).status).toBe(200);
    // Registered with gp as their GP, by the registry side; no stay at the coordinator's unit.
    const elsewhere = await callAs<Resource>(api, 'ehr', 'POST', '/fhir/R4/Patient', newPatient(gpRole('gp')));
    expect(elsewhere.status).toBe(201);
    expect((await get('coordinator', `Patient/${elsewhere.body.id}`)).status).toBe(404);
    expect((await get('gp', `Patient/${elsewhere.body.id}`)).status).toBe(200);
  });

  it('the quality team gets no patient-level data anywhere, only the directory', async () => {
    for (const path of [`Task/${task.id}`, 'Task?status=requested', patientA, 'Patient', `Encounter?patient=${patientA}`, 'Communication', 'AuditEvent']) {
      const answer = await get<Resource>('quality', path);
      expect([answer.status, path]).toEqual([403, path]);
      expect(answer.body.resourceType).toBe('OperationOutcome');
    }
    expect((await get('quality', 'Organization?_count=1')).status).toBe(200);
    expect((await callAs(api, 'quality', 'GET', '/api/inbox/tasks')).status).toBe(403);
    expect((await callAs(api, 'quality', 'GET', '/api/handovers')).status).toBe(403);
    expect((await callAs(api, 'quality', 'GET', `/api/tasks/${task.id}`)).status).toBe(404);
  });

  it('the admin keeps the directory, not patient data; the privacy officer reads the audit trail only', async () => {
    const office = await callAs<Resource>(api, 'admin', 'POST', '/fhir/R4/Organization', { resourceType: 'Organization', name: 'Nytt legekontor' });
    expect(office.status).toBe(201);
    expect((await get('admin', `Task/${task.id}`)).status).toBe(403);
    expect((await callAs(api, 'gp', 'POST', '/fhir/R4/Organization', { resourceType: 'Organization', name: 'Eget kontor' })).status).toBe(403);
    expect((await get('privacy', `AuditEvent?patient=${patientA}`)).status).toBe(200);
    expect((await get('privacy', patientA)).status).toBe(403);
  });

  it('a system client gets exactly what its scopes grant', async () => {
    // bro-reporting: system/Task.rs system/Patient.r
    expect((await get('reporting', `Task?patient=${patientA}`)).body.total).toBe(1);
    expect((await get('reporting', patientA)).status).toBe(200);
    expect((await get('reporting', 'Patient?_count=1')).status).toBe(403);
    expect((await get('reporting', encounterA)).status).toBe(403);
    const create = await callAs(api, 'reporting', 'POST', '/fhir/R4/Task', { ...task, id: undefined, meta: undefined, requester: { reference: demoUnit() } });
    expect(create.status).toBe(403);
  });

  it('a low-threshold worker sees nothing of patients not routed to the service', async () => {
    expect((await get('lowthreshold', `Task/${task.id}`)).status).toBe(404);
    expect((await get('lowthreshold', `Task?patient=${patientA}`)).body.total).toBe(0);
    expect(testDirectory().lowThresholdService).toMatch(/^HealthcareService\//);
  });
});
