import { randomUUID } from 'node:crypto';
import { Resource } from '@app/fhir';
import { Identified, organization, patient, task } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs, gpRole, newPatient } from '../support/transfers';

type Answer = { status: number; body: Record<string, unknown> };
type ResponseEntry = { fullUrl?: string; resource?: Resource; response: { status: string; location?: string } };

const diagnosticsOf = (answer: Answer) => ((answer.body.issue as Array<{ diagnostics?: string }>) ?? []).map((issue) => issue.diagnostics ?? '').join(' | ');
const entriesOf = (answer: Answer) => (answer.body.entry as ResponseEntry[]) ?? [];
/** A stay: a referrer that, unlike a handed-over Task, may be re-pointed and deleted. */
const stayOf = (patientId: string): Resource => ({
  resourceType: 'Encounter',
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
  subject: { reference: `Patient/${patientId}` },
});
const fnrOf = (resource: Identified) => `${resource.identifier[0].system}|${resource.identifier[0].value}`;

/** References stay true: a transaction resolves or refuses what only it can resolve, and a delete leaves nothing pointing at nothing. */
describe('FHIR references: resolved in transactions, never left dangling', () => {
  let api: TestApi;
  const as = (user: string, method: string, path: string, body?: unknown) => callAs(api, user, method, `/fhir/R4/${path}`, body) as Promise<Answer>;
  const transaction = (entry: unknown[], user = 'ehr') => as(user, 'POST', '', { resourceType: 'Bundle', type: 'transaction', entry });
  const create = async (resource: Resource, user = 'ehr'): Promise<Resource> => {
    const answer = await as(user, 'POST', resource.resourceType, resource);
    expect([answer.status, diagnosticsOf(answer)]).toEqual([201, '']);
    return answer.body as Resource;
  };
  const officeRef = async () => `Organization/${(await create(organization('Referansekontoret'))).id}`;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  describe('conditional references in a transaction', () => {
    it('resolves Type?criteria to its one match', async () => {
      const known = await create(patient());
      const answer = await transaction([{ resource: task('placeholder', await officeRef(), { for: { reference: `Patient?identifier=${fnrOf(known as Identified)}` } }), request: { method: 'POST', url: 'Task' } }]);
      expect([answer.status, diagnosticsOf(answer)]).toEqual([200, '']);
      const stored = (await as('ehr', 'GET', `Task/${entriesOf(answer)[0].resource!.id}`)).body;
      expect(stored.for).toEqual({ reference: `Patient/${known.id}` });
    });

    it('fails the transaction, naming the entry, when the criteria match nothing, and writes nothing', async () => {
      const office = organization('Skal ikke lagres');
      const answer = await transaction([
        { resource: office, request: { method: 'POST', url: 'Organization' } },
        { resource: task('placeholder', 'Organization/x', { for: { reference: `Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|${randomUUID()}` } }), request: { method: 'POST', url: 'Task' } },
      ]);
      expect(answer.status).toBe(412);
      expect(diagnosticsOf(answer)).toMatch(/Bundle\.entry\[1\].*matches no Patient/);
      expect((await as('ehr', 'GET', `Organization?identifier=${fnrOf(office)}&_summary=count`)).body.total).toBe(0);
    });

    it('fails when the criteria match several', async () => {
      const gp = await officeRef();
      await create(patient({ generalPractitioner: [{ reference: gp }] }));
      await create(patient({ generalPractitioner: [{ reference: gp }] }));
      const answer = await transaction([{ resource: task('placeholder', gp, { for: { reference: `Patient?general-practitioner=${gp}` } }), request: { method: 'POST', url: 'Task' } }]);
      expect(answer.status).toBe(412);
      expect(diagnosticsOf(answer)).toContain('matches more than one Patient');
    });

    it('matches only what the caller may see: a hidden patient answers as no patient', async () => {
      const hidden = (await as('ehr', 'POST', 'Patient', newPatient(gpRole('gp2')))).body as Identified;
      const answer = await transaction(
        [{ resource: task('placeholder', gpRole('gp'), { for: { reference: `Patient?identifier=${fnrOf(hidden)}` } }), request: { method: 'POST', url: 'Task' } }],
        'gp',
      );
      expect(answer.status).toBe(412);
      expect(diagnosticsOf(answer)).toContain('matches no Patient');
    });

    it("means a conditional create's entry when it carries that entry's criteria", async () => {
      const body = patient();
      const criteria = `identifier=${fnrOf(body)}`;
      const answer = await transaction([
        { resource: task('placeholder', await officeRef(), { for: { reference: `Patient?${criteria}` } }), request: { method: 'POST', url: 'Task' } },
        { resource: body, request: { method: 'POST', url: 'Patient', ifNoneExist: criteria } },
      ]);
      expect([answer.status, diagnosticsOf(answer)]).toEqual([200, '']);
      const [taskEntry, patientEntry] = entriesOf(answer);
      expect(taskEntry.resource!.for).toEqual({ reference: `Patient/${patientEntry.resource!.id}` });
    });
  });

  describe('references that name a Bundle entry', () => {
    it('refuses a urn:uuid reference naming no entry of the transaction', async () => {
      const answer = await transaction([{ resource: task('placeholder', await officeRef(), { for: { reference: `urn:uuid:${randomUUID()}` } }), request: { method: 'POST', url: 'Task' } }]);
      expect(answer.status).toBe(400);
      expect(diagnosticsOf(answer)).toMatch(/Bundle\.entry\[0\].*Task\.for\.reference.*not the fullUrl of any entry/);
    });

    it('refuses urn:uuid references between batch entries: each entry stands alone', async () => {
      const patientUrl = `urn:uuid:${randomUUID()}`;
      const answer = await as('ehr', 'POST', '', {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { fullUrl: patientUrl, resource: patient(), request: { method: 'POST', url: 'Patient' } },
          { resource: task('placeholder', await officeRef(), { for: { reference: patientUrl } }), request: { method: 'POST', url: 'Task' } },
        ],
      });
      expect(answer.status).toBe(200);
      expect(entriesOf(answer).map((entry) => entry.response.status)).toEqual(['201 Created', '400']);
    });

    it('refuses urn:uuid and conditional references outside a Bundle', async () => {
      for (const reference of [`urn:uuid:${randomUUID()}`, `Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|${randomUUID()}`]) {
        const answer = await as('ehr', 'POST', 'Task', task('placeholder', 'Organization/x', { for: { reference } }));
        expect([answer.status, reference]).toEqual([400, reference]);
        expect(diagnosticsOf(answer)).toContain('Task.for.reference');
      }
    });
  });

  describe('deleting what others refer to', () => {
    it('refuses to delete a patient others point to, naming them; deleting those first works', async () => {
      const someone = await create(patient());
      const stay = await create(stayOf(someone.id!));
      const handedOver = await create(task(someone.id!, await officeRef()));
      const refused = await as('ehr', 'DELETE', `Patient/${someone.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.resourceType).toBe('OperationOutcome');
      expect(diagnosticsOf(refused)).toContain(`Encounter/${stay.id}`);
      expect(diagnosticsOf(refused)).toContain(`Task/${handedOver.id}`);
      expect((await as('ehr', 'GET', `Patient/${someone.id}`)).status).toBe(200);
      // The Task can still be changed: its patient is still there.
      expect((await as('ehr', 'PUT', `Task/${handedOver.id}`, { ...handedOver, description: 'fortsatt gyldig' })).status).toBe(200);
      // A handed-over Task is kept (never deleted), and so is the patient it is for.
      expect((await as('ehr', 'DELETE', `Task/${handedOver.id}`)).status).toBe(409);
      const other = await create(patient());
      const otherStay = await create(stayOf(other.id!));
      expect((await as('ehr', 'DELETE', `Patient/${other.id}`)).status).toBe(409);
      expect((await as('ehr', 'DELETE', `Encounter/${otherStay.id}`)).status).toBe(200);
      expect((await as('ehr', 'DELETE', `Patient/${other.id}`)).status).toBe(200);
    });

    it("names a GP's hidden referrers by type only", async () => {
      const mine = (await as('ehr', 'POST', 'Patient', newPatient(gpRole('gp')))).body as Resource;
      const theirs = await create(task(mine.id!, gpRole('gp2')));
      const refused = await as('gp', 'DELETE', `Patient/${mine.id}`);
      expect(refused.status).toBe(409);
      expect(diagnosticsOf(refused)).toContain('a Task');
      expect(diagnosticsOf(refused)).not.toContain(theirs.id);
    });

    it('lets a transaction delete a patient together with what refers to it, and refuses it alone', async () => {
      const someone = await create(patient());
      const stay = await create(stayOf(someone.id!));
      const alone = await transaction([{ request: { method: 'DELETE', url: `Patient/${someone.id}` } }]);
      expect(alone.status).toBe(409);
      expect(diagnosticsOf(alone)).toContain('Bundle.entry[0]');
      const together = await transaction([
        { request: { method: 'DELETE', url: `Patient/${someone.id}` } },
        { request: { method: 'DELETE', url: `Encounter/${stay.id}` } },
      ]);
      expect([together.status, diagnosticsOf(together)]).toEqual([200, '']);
      expect((await as('ehr', 'GET', `Patient/${someone.id}`)).status).toBe(410);
    });

    it('lets a transaction re-point the referrers of what it deletes', async () => {
      const before = await create(patient());
      const after = await create(patient());
      const stay = await create(stayOf(before.id!));
      const answer = await transaction([
        { request: { method: 'DELETE', url: `Patient/${before.id}` } },
        { resource: { ...stay, subject: { reference: `Patient/${after.id}` } }, request: { method: 'PUT', url: `Encounter/${stay.id}` } },
      ]);
      expect([answer.status, diagnosticsOf(answer)]).toEqual([200, '']);
    });
  });

  describe('transaction processing order and identities', () => {
    it("evaluates a conditional create after the Bundle's own deletes", async () => {
      const existing = await create(patient());
      const answer = await transaction([
        { resource: { ...patient(), identifier: (existing as Identified).identifier }, request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${fnrOf(existing as Identified)}` } },
        { request: { method: 'DELETE', url: `Patient/${existing.id}` } },
      ]);
      expect([answer.status, diagnosticsOf(answer)]).toEqual([200, '']);
      const [created] = entriesOf(answer);
      expect(created.response.status).toBe('201 Created');
      expect(created.resource!.id).not.toBe(existing.id);
    });

    it('fails when two entries act on the same resource', async () => {
      const someone = await create(patient());
      for (const second of [
        { request: { method: 'DELETE', url: `Patient/${someone.id}` } },
        { resource: { ...someone, gender: 'male' }, request: { method: 'PUT', url: `Patient/${someone.id}` } },
        { resource: { ...someone, gender: 'male', id: undefined }, request: { method: 'PUT', url: `Patient?identifier=${fnrOf(someone as Identified)}` } },
      ]) {
        const answer = await transaction([{ resource: { ...someone, gender: 'female' }, request: { method: 'PUT', url: `Patient/${someone.id}` } }, second]);
        expect([answer.status, second.request.method]).toEqual([400, second.request.method]);
        expect(diagnosticsOf(answer)).toContain(`Patient/${someone.id}`);
      }
      expect(((await as('ehr', 'GET', `Patient/${someone.id}`)).body.meta as { versionId: string }).versionId).toBe('1');
    });

    it('refuses two conditional creates with the same criteria', async () => {
      const body = patient();
      const entry = { resource: body, request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${fnrOf(body)}` } };
      const answer = await transaction([entry, entry]);
      expect(answer.status).toBe(400);
    });

    it('points references at a conditional update entry by its fullUrl', async () => {
      const someone = await create(patient());
      const fullUrl = `urn:uuid:${randomUUID()}`;
      const answer = await transaction([
        { resource: task('placeholder', await officeRef(), { for: { reference: fullUrl } }), request: { method: 'POST', url: 'Task' } },
        { fullUrl, resource: { ...someone, id: undefined, gender: 'other' }, request: { method: 'PUT', url: `Patient?identifier=${fnrOf(someone as Identified)}` } },
      ]);
      expect([answer.status, diagnosticsOf(answer)]).toEqual([200, '']);
      expect(entriesOf(answer)[0].resource!.for).toEqual({ reference: `Patient/${someone.id}` });
      expect(entriesOf(answer)[1].response.status).toBe('200 OK');
    });

    it('answers a search entry without a made-up fullUrl, and an empty Bundle without an empty entry array', async () => {
      const answer = await transaction([{ request: { method: 'GET', url: 'Organization?_count=1' } }]);
      expect(answer.status).toBe(200);
      const [entry] = entriesOf(answer);
      expect(entry.resource!.resourceType).toBe('Bundle');
      expect(entry.fullUrl).toBeUndefined();
      const empty = await transaction([]);
      expect(empty.status).toBe(200);
      expect('entry' in empty.body).toBe(false);
      const emptyBatch = await as('ehr', 'POST', '', { resourceType: 'Bundle', type: 'batch' });
      expect('entry' in emptyBatch.body).toBe(false);
    });
  });

  it('keeps the reference index true through update and delete of the referrer', async () => {
    const first = await create(patient());
    const second = await create(patient());
    const stay = await create({ ...stayOf(first.id!), serviceProvider: { reference: await officeRef() } });
    const moved = await as('ehr', 'PUT', `Encounter/${stay.id}`, { ...stay, subject: { reference: `Patient/${second.id}` } });
    expect(moved.status).toBe(200);
    expect((await as('ehr', 'DELETE', `Patient/${first.id}`)).status).toBe(200);
    expect((await as('ehr', 'DELETE', `Patient/${second.id}`)).status).toBe(409);
    expect((await as('ehr', 'DELETE', `Encounter/${stay.id}`)).status).toBe(200);
    expect((await as('ehr', 'DELETE', `Patient/${second.id}`)).status).toBe(200);
  });
});
