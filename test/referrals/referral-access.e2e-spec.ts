import { Bundle, Resource } from '@app/fhir';
import { Database } from '../../apps/api/src/database/sql-client';
import { StoredResource, casesOfReferral, installRoutingRules, rejectOverFhir, sendReferralOverFhir } from '../support/referrals';
import { TestApi, startTestApi } from '../support/test-api';
import { testDirectory } from '../support/test-directory';
import { callAs, gpRole, newPatient } from '../support/transfers';

jest.setTimeout(120_000);

const ids = (bundle: Bundle) => (bundle.entry ?? []).map((entry) => `${entry.resource?.resourceType}/${entry.resource?.id}`).sort();

/**
 * Who sees a referral and its low-threshold case, tried on every path that returns, links or routes patient
 * data: reads, searches with includes and reverse includes, chains and _has, history, conditional updates,
 * batch entries, $everything, as the other GP, the hospital unit, the low-threshold service, `quality` and
 * system clients with narrow scopes.
 */
describe('referral access', () => {
  let api: TestApi;
  let database: Database;
  let rules: { remove: () => Promise<void> };
  let patient: string;
  let routed: { request: StoredResource; task: StoredResource; triage: StoredResource };
  /** A discharge hand-over of the same patient: not the low-threshold service's business. */
  let otherTask: string;

  const fhir = <T = Bundle>(user: string, path: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}) =>
    callAs<T>(api, user, method, `/fhir/R4/${path}`, body, headers);

  beforeAll(async () => {
    api = await startTestApi();
    database = api.app.get(Database);
    rules = await installRoutingRules(database, [{ id: 'alle', routeTo: testDirectory().lowThresholdService }], 'referral-access test');
    const created = await fhir<Resource>('ehr', 'Patient', 'POST', newPatient(gpRole()));
    patient = `Patient/${created.body.id}`;
    const { request, task } = await sendReferralOverFhir(api, { patient });
    await rejectOverFhir(api, task);
    const [triage] = await casesOfReferral(api, task.id);
    routed = { request, task, triage };
    const discharge = await fhir<Resource>('ehr', 'Task', 'POST', {
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      for: { reference: patient },
      requester: { reference: testDirectory().demoOrganizations.haukelandMedisinsk },
      owner: { reference: gpRole() },
      description: 'Kontroll av blodprøver',
    });
    expect(discharge.status).toBe(201);
    otherTask = `Task/${discharge.body.id}`;
  });

  afterAll(async () => {
    await rules.remove();
    await api.close();
  });

  it('shows the service its case, the referral it is based on and the patient through includes, never the rest', async () => {
    const patientId = patient.split('/')[1];
    const withIncludes = await fhir('lowthreshold', `Task?patient=${patientId}&_include=Task:focus&_include=Task:patient&_revinclude=Task:based-on&_count=50`);
    expect(withIncludes.status).toBe(200);
    const seen = ids(withIncludes.body);
    expect(seen).toEqual(expect.arrayContaining([`Task/${routed.triage.id}`, `Task/${routed.task.id}`, `ServiceRequest/${routed.request.id}`, patient]));
    expect(seen).not.toContain(otherTask);
    expect((await fhir('lowthreshold', otherTask)).status).toBe(404);
    const everything = await fhir('lowthreshold', `${patient}/$everything`);
    if (everything.status === 200) expect(ids(everything.body)).not.toContain(otherTask);
    else expect([403, 404]).toContain(everything.status);
    // A chain through what they see finds the case; _has from an unseen Task finds nothing.
    const chained = await fhir('lowthreshold', `Task?focus:ServiceRequest.requester=${gpRole()}&_id=${routed.triage.id}`);
    expect(chained.body.total).toBe(1);
    const hasUnseen = await fhir('lowthreshold', `Patient?_id=${patientId}&_has:Task:patient:code=urn:bro:task-kind|discharge-follow-up`);
    expect(hasUnseen.status).toBe(200);
    expect(hasUnseen.body.total).toBe(0);
  });

  it('keeps the case from the hospital unit, the other GP and the quality team on every path', async () => {
    const triage = `Task/${routed.triage.id}`;
    for (const user of ['coordinator', 'gp2']) {
      expect((await fhir(user, triage)).status).toBe(404);
      expect((await fhir(user, `${triage}/_history`)).status).toBe(404);
      expect((await fhir(user, `${triage}/_history/1`)).status).toBe(404);
      expect((await fhir(user, `Task?_id=${routed.triage.id}`)).body.total).toBe(0);
      const revincluded = await fhir(user, `Task?_id=${routed.task.id}&_revinclude=Task:based-on`);
      expect(ids(revincluded.body)).not.toContain(triage);
      const batch = await fhir<Bundle>(user, '', 'POST', { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: triage } }] });
      expect(batch.body.entry?.[0]?.response?.status).toMatch(/^404/);
    }
    // The coordinator's own referral stays theirs to read.
    expect((await fhir('coordinator', `Task/${routed.task.id}`)).status).toBe(200);
    expect((await fhir('gp2', `Task/${routed.task.id}`)).status).toBe(404);
    expect((await fhir('quality', triage)).status).toBe(403);
    expect((await fhir('quality', `Task?_id=${routed.triage.id}`)).status).toBe(403);
  });

  it('changes nothing through a conditional update by someone who may not see the case', async () => {
    const triage = routed.triage;
    const conditional = await fhir<Resource>('coordinator', `Task?_id=${triage.id}`, 'PUT', { ...triage, id: undefined, meta: undefined, status: 'in-progress' });
    expect([201, 400, 403, 404, 409, 412, 422]).toContain(conditional.status);
    const after = await fhir<StoredResource>('ehr', `Task/${triage.id}`);
    expect(after.body.meta.versionId).toBe(triage.meta.versionId);
    expect(after.body.status).toBe('requested');
    const byGp2 = await fhir<Resource>('gp2', `Task/${triage.id}`, 'PUT', { ...triage, status: 'in-progress' }, { 'If-Match': `W/"${triage.meta.versionId}"` });
    expect(byGp2.status).toBe(404);
  });

  it('holds system clients to their scopes', async () => {
    // reporting: system/Task.rs system/Patient.r — reads the case, not the ServiceRequest, writes nothing.
    expect((await fhir('reporting', `Task/${routed.triage.id}`)).status).toBe(200);
    expect((await fhir('reporting', `ServiceRequest/${routed.request.id}`)).status).toBe(403);
    const included = await fhir('reporting', `Task?_id=${routed.triage.id}&_include=Task:focus`);
    expect(ids(included.body)).toEqual([`Task/${routed.triage.id}`]);
    const write = await fhir<Resource>('reporting', `Task/${routed.task.id}`, 'PUT', { ...routed.task }, { 'If-Match': `W/"${routed.task.meta.versionId}"` });
    expect(write.status).toBe(403);
    // kommune: Appointments and Patients only.
    expect((await fhir('kommune', `Task/${routed.triage.id}`)).status).toBe(403);
  });
});
