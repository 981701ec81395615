import { Pool } from 'pg';
import Client from 'fhir-kit-client';
import { Bundle, Resource } from '@app/fhir';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';

type AuditEvent = Resource & {
  subtype: Array<{ code: string }>;
  action: string;
  purposeOfEvent: Array<{ coding: Array<{ code: string }>; text?: string }>;
  agent: Array<{ who: { identifier?: { value: string }; display?: string }; network?: { address: string } }>;
  entity: Array<{ what: { reference: string } }>;
};

describe('audit trail', () => {
  let api: TestApi;
  let ehr: Client;
  let task: Resource;
  let patient: string;
  let pool: Pool;

  const auditOf = async (query: string) => {
    const answer = await callAs<Bundle>(api, 'privacy', 'GET', `/fhir/R4/AuditEvent?${query}`);
    expect(answer.status).toBe(200);
    return { total: (answer.body as Bundle).total!, events: (answer.body.entry ?? []).map((e) => e.resource as AuditEvent) };
  };

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    task = (await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')) }))).tasks[0];
    patient = (task.for as { reference: string }).reference;
    pool = new Pool({ connectionString: api.config.databaseUrl, max: 1 });
  });
  afterAll(async () => {
    await pool.end();
    await api.close();
  });

  it('records the hand-over: one create per resource written, by the hospital system', async () => {
    const { events } = await auditOf(`patient=${patient}&agent=haukeland-ehr`);
    const created = events.filter((e) => e.subtype[0].code === 'create').map((e) => e.entity[0].what.reference.split('/_history')[0]);
    expect(created).toHaveLength(3);
    expect(created).toEqual(expect.arrayContaining([patient, `Task/${task.id}`, expect.stringMatching(/^Encounter\//)]));
  });

  it('leaves exactly one AuditEvent per read, per search hit and per change', async () => {
    const before = (await auditOf(`patient=${patient}&agent=gp`)).total;
    expect((await callAs(api, 'gp', 'GET', `/fhir/R4/Task/${task.id}`)).status).toBe(200);
    let after = await auditOf(`patient=${patient}&agent=gp`);
    expect(after.total).toBe(before + 1);
    expect(after.events[0]).toMatchObject({ action: 'R', subtype: [{ code: 'read' }], entity: [{ what: { reference: `Task/${task.id}/_history/1` } }, { what: { reference: patient } }] });
    expect(after.events[0].agent[0].who).toEqual({ identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.4', value: '9144901' }, display: 'Kari Fastlege' });
    expect(after.events[0].agent[0].network!.address).toBeDefined();
    expect(after.events[0].purposeOfEvent[0].coding[0].code).toBe('TREAT');

    const search = await callAs<Bundle>(api, 'gp', 'GET', `/fhir/R4/Task?patient=${patient}&_include=Task:patient`);
    expect(search.body.entry).toHaveLength(2);
    after = await auditOf(`patient=${patient}&agent=gp`);
    expect(after.total).toBe(before + 3);
    expect(after.events.slice(0, 2).map((e) => e.subtype[0].code)).toEqual(['search-type', 'search-type']);

    const accepted = await callAs<{ task: { version: number } }>(api, 'gp', 'POST', `/api/tasks/${task.id}/accept`, { version: 1 });
    expect(accepted.status).toBe(200);
    after = await auditOf(`patient=${patient}&agent=gp`);
    expect(after.total).toBe(before + 4);
    expect(after.events[0]).toMatchObject({ action: 'U', subtype: [{ code: 'update' }] });
  });

  it('a refused access leaves nothing behind', async () => {
    const before = (await auditOf(`patient=${patient}`)).total;
    expect((await callAs(api, 'gp2', 'GET', `/fhir/R4/Task/${task.id}`)).status).toBe(404);
    expect((await callAs(api, 'quality', 'GET', `/fhir/R4/Task/${task.id}`)).status).toBe(403);
    expect((await auditOf(`patient=${patient}`)).total).toBe(before);
  });

  it('cannot be changed or deleted, through the API or in the database', async () => {
    const { events } = await auditOf(`patient=${patient}&_count=1`);
    const id = events[0].id!;
    expect((await callAs(api, 'privacy', 'PUT', `/fhir/R4/AuditEvent/${id}`, { ...events[0], outcome: '8' })).status).toBeGreaterThanOrEqual(400);
    expect((await callAs(api, 'ehr', 'DELETE', `/fhir/R4/AuditEvent/${id}`)).status).toBeGreaterThanOrEqual(400);
    expect((await callAs(api, 'ehr', 'POST', '/fhir/R4/AuditEvent', { ...events[0], id: undefined })).status).toBeGreaterThanOrEqual(400);
    await expect(pool.query(`UPDATE audit_event SET outcome = '8' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(pool.query(`DELETE FROM audit_event WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    expect((await callAs<AuditEvent>(api, 'privacy', 'GET', `/fhir/R4/AuditEvent/${id}`)).body).toEqual(events[0]);
  });

  describe('emergency access (nødrett)', () => {
    it('opens a patient outside the scope when a reason is given, logged as such and reported', async () => {
      const reason = 'Pasienten er innlagt akutt på legevakten, fastlegen er ikke tilgjengelig';
      expect((await callAs(api, 'gp2', 'GET', `/fhir/R4/Task/${task.id}`)).status).toBe(404);
      const opened = await callAs<Resource>(api, 'gp2', 'GET', `/fhir/R4/Task/${task.id}`, undefined, { 'X-Bro-Emergency-Access': reason });
      expect(opened.status).toBe(200);
      const searched = await callAs<Bundle>(api, 'gp2', 'GET', `/fhir/R4/Task?patient=${patient}`, undefined, { 'X-Bro-Emergency-Access': reason });
      expect(searched.body.total).toBe(1);
      const everything = await callAs(api, 'gp2', 'GET', '/fhir/R4/Task?status=requested', undefined, { 'X-Bro-Emergency-Access': reason });
      expect(everything.status).toBe(400);

      const { events } = await auditOf(`patient=${patient}&purpose=ETREAT`);
      expect(events.map((e) => e.purposeOfEvent[0])).toEqual([
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'ETREAT' }], text: reason },
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'ETREAT' }], text: reason },
      ]);
      const report = await callAs<{ accesses: Array<{ who: { subject: string }; patient: string; reason: string }> }>(api, 'privacy', 'GET', '/api/audit/emergency-access');
      expect(report.body.accesses.filter((a) => a.patient === patient)).toEqual([
        expect.objectContaining({ who: expect.objectContaining({ subject: 'gp2' }), reason }),
        expect.objectContaining({ who: expect.objectContaining({ subject: 'gp2' }), reason }),
      ]);
      expect((await callAs(api, 'gp', 'GET', '/api/audit/emergency-access')).status).toBe(403);
    });

    it('is for clinicians only', async () => {
      expect((await callAs(api, 'quality', 'GET', `/fhir/R4/Task/${task.id}`, undefined, { 'X-Bro-Emergency-Access': 'Pasienten er akutt syk og trenger hjelp nå' })).status).toBe(403);
    });
  });

  it("exports a patient's access log (who has looked at my data), itself recorded", async () => {
    const csv = await fetch(`${api.origin}/api/audit/patients/${patient.split('/')[1]}/access-log?format=csv`, {
      headers: { Authorization: `Bearer ${await api.token('privacy')}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('tidspunkt;hvem;rolle;virksomhet;hva;hvorfor');
    expect(lines.some((line) => line.includes('Ola Allmennlege') && line.includes('nødrett'))).toBe(true);
    const { events } = await auditOf(`patient=${patient}&agent=privacy&_count=1`);
    expect(events[0].subtype[0].code).toBe('export');
  });
});
