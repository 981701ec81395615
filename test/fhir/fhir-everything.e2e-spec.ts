import { Resource } from '@app/fhir';
import { TestApi, startTestApi } from '../support/test-api';
import { gpRole, handover, newPatient, postHandover } from '../support/transfers';

/**
 * `Patient/<id>/$everything` as each role sees it: the patient's GP gets the patient and what refers to
 * them; another GP gets 404 as if the patient did not exist; `quality` (aggregates only) gets 403; a
 * system client gets only the types its scopes grant. Paged by `_count` with a followable `next` link,
 * and every resource returned is in the audit trail.
 */

interface Answer {
  status: number;
  body: Resource & { entry?: Array<{ fullUrl: string; resource: Resource }>; link?: Array<{ relation: string; url: string }>; total?: number };
}

describe('Patient/$everything, scoped to the caller', () => {
  let api: TestApi;
  let patientId: string;
  let taskIds: string[];
  let encounterId: string;

  beforeAll(async () => {
    api = await startTestApi();
    const { tasks, response } = await postHandover(await api.fhirClient('ehr'), handover({ patient: newPatient(gpRole('gp')), categories: ['PROVESVAR', 'KONTROLL'] }));
    patientId = (tasks[0].for as { reference: string }).reference.split('/')[1];
    taskIds = tasks.map((t) => t.id!).sort();
    encounterId = response.entry!.find((e) => e.response?.location?.startsWith('Encounter/'))!.response!.location!.split('/')[1];
  });
  afterAll(() => api?.close());

  async function everything(user: string, query = '', method = 'GET'): Promise<Answer> {
    const response = await fetch(`${api.baseUrl}/Patient/${patientId}/$everything${query}`, { method, headers: { Authorization: `Bearer ${await api.token(user)}` } });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  }

  const refs = (answer: Answer) => (answer.body.entry ?? []).map((e) => `${e.resource.resourceType}/${e.resource.id}`);

  it("gives the patient's GP the patient, the stay and the tasks, each with its fullUrl", async () => {
    const answer = await everything('gp');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    const got = refs(answer);
    expect(got[0]).toBe(`Patient/${patientId}`);
    expect(got).toEqual(expect.arrayContaining([`Encounter/${encounterId}`, ...taskIds.map((id) => `Task/${id}`)]));
    expect(answer.body.total).toBe(got.length);
    for (const entry of answer.body.entry!) expect(entry.fullUrl).toBe(`${api.baseUrl}/${entry.resource.resourceType}/${entry.resource.id}`);
  });

  it('answers another GP 404, as if the patient did not exist, and quality 403', async () => {
    const other = await everything('gp2');
    expect({ status: other.status, type: other.body.resourceType }).toEqual({ status: 404, type: 'OperationOutcome' });
    expect(JSON.stringify(other.body)).not.toContain(encounterId);
    const quality = await everything('quality');
    expect({ status: quality.status, type: quality.body.resourceType }).toEqual({ status: 403, type: 'OperationOutcome' });
  });

  it('gives a system client only the types its scopes grant', async () => {
    // reporting: system/Task.rs system/Patient.r — no Encounters.
    const narrow = await everything('reporting');
    expect(narrow.status).toBe(200);
    expect(refs(narrow).sort()).toEqual([`Patient/${patientId}`, ...taskIds.map((id) => `Task/${id}`)].sort());
    // kommune: Appointments and Patients only — the patient, nothing refers to them that it may read.
    const kommune = await everything('kommune');
    expect(refs(kommune)).toEqual([`Patient/${patientId}`]);
    const full = await everything('ehr');
    expect(refs(full)).toContain(`Encounter/${encounterId}`);
  });

  it('pages by _count with a next link a client can follow, by GET and POST alike, and filters by _type', async () => {
    const all = refs(await everything('gp'));
    const seen: string[] = [];
    let page = await everything('gp', '?_count=1');
    expect(page.body.total).toBe(all.length);
    for (;;) {
      expect(page.status).toBe(200);
      expect(page.body.entry).toHaveLength(1);
      seen.push(...refs(page));
      const next = page.body.link?.find((l) => l.relation === 'next');
      if (!next) break;
      expect(next.url.startsWith(`${api.baseUrl}/Patient/${patientId}/$everything?`)).toBe(true);
      const response = await fetch(next.url, { headers: { Authorization: `Bearer ${await api.token('gp')}` } });
      page = { status: response.status, body: (await response.json()) as Answer['body'] };
    }
    expect(seen).toEqual(all);
    expect(refs(await everything('gp', '?_type=Task', 'POST')).sort()).toEqual(taskIds.map((id) => `Task/${id}`).sort());
    const since = await everything('gp', `?_since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect({ status: since.status, total: since.body.total, entry: since.body.entry }).toEqual({ status: 200, total: 0, entry: undefined });
    for (const bad of ['?_cursor=garbage', '?_type=Organization', '?_list=x', '?_since=1960-02-30T00:00:00Z']) {
      expect({ bad, status: (await everything('gp', bad)).status }).toEqual({ bad, status: 400 });
    }
  });

  it('audits every resource it returns', async () => {
    const returned = refs(await everything('coordinator'));
    expect(returned.length).toBeGreaterThanOrEqual(2 + taskIds.length);
    const response = await fetch(`${api.baseUrl}/AuditEvent?patient=Patient/${patientId}&_count=500`, { headers: { Authorization: `Bearer ${await api.token('privacy')}` } });
    const bundle = (await response.json()) as Answer['body'];
    const audited = (bundle.entry ?? [])
      .map((e) => e.resource as Resource & { subtype: Array<{ code: string }>; agent: Array<{ who: { identifier: { value: string } } }>; entity: Array<{ what: { reference: string } }> })
      .filter((event) => event.subtype[0].code === 'operation' && event.agent[0].who.identifier.value === '9144903')
      .map((event) => event.entity[0].what.reference.replace(/\/_history\/\d+$/, ''));
    expect(audited.sort()).toEqual([...returned].sort());
  });
});
