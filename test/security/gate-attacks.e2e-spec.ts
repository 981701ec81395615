import { randomUUID } from 'node:crypto';
import Client from 'fhir-kit-client';
import { Bundle, Resource } from '@app/fhir';
import { asMessage, asTransaction } from '../../tools/simulator/discharge-handover';
import { syntheticFodselsnummer } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';
import { demoUnit } from '../support/test-directory';
import { ApiAnswer, callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';

type Searchset = Bundle & { total?: number };
type Outcome = { resourceType: string; issue: Array<{ diagnostics?: string }> };

const FNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.1';
const REASON = 'Pasienten er innlagt akutt på legevakten og fastlegen er ikke tilgjengelig';

/**
 * The paths around the access policy, tried as an attacker would: conditional operations, replays,
 * links that would grant access, emergency access, re-created ids, GP routing and SMART scopes on
 * includes. Each asserts the secure answer, that nothing was written or leaked, and the audit trail.
 */
describe('access gate under attack', () => {
  let api: TestApi;
  let ehr: Client;
  /** gp's patient, with a task and a stay at the demo unit: what gp2 goes after. */
  let taskA: Resource;
  let patientA: string;
  let fnrA: string;
  /** gp2's own patient and task. */
  let taskB: Resource;
  let patientB: string;
  /** A patient Bro knows from the registry but nobody has a care relationship with yet. */
  let patientC: string;

  const as = <T = Record<string, unknown>>(user: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    callAs<T>(api, user, method, `/fhir/R4/${path}`, body, headers);
  const countAs = async (user: string, query: string) => ((await as<Searchset>(user, 'GET', query)).body.total ?? -1);
  const leaks = (answer: ApiAnswer<unknown>, secret: string) => JSON.stringify(answer.body ?? '').includes(secret);
  const auditOf = async (query: string) => {
    const answer = await callAs<Bundle>(api, 'privacy', 'GET', `/fhir/R4/AuditEvent?${query}`);
    expect(answer.status).toBe(200);
    return (answer.body.entry ?? []).map((e) => e.resource as Resource & { subtype: Array<{ code: string }>; entity: Array<{ what: { reference: string } }> });
  };
  const draftTask = (patient: string, requester: string, extra: Partial<Resource> = {}): Resource => ({
    resourceType: 'Task',
    identifier: [{ system: 'urn:bro:test:task', value: randomUUID() }],
    status: 'draft',
    intent: 'order',
    for: { reference: patient },
    requester: { reference: requester },
    owner: { reference: requester },
    ...extra,
  });

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    const patient = newPatient(gpRole('gp'));
    fnrA = (patient.identifier as Array<{ value: string }>)[0].value;
    taskA = (await postHandover(ehr, handover({ patient }))).tasks[0];
    patientA = (taskA.for as { reference: string }).reference;
    taskB = (await postHandover(ehr, handover({ patient: newPatient(gpRole('gp2')) }))).tasks[0];
    patientB = (taskB.for as { reference: string }).reference;
    const registered = await as<Resource>('ehr', 'POST', 'Patient', newPatient());
    expect(registered.status).toBe(201);
    patientC = `Patient/${registered.body.id}`;
  });
  afterAll(() => api.close());

  describe('conditional operations see only what the caller may see', () => {
    it('If-None-Exist naming a hidden Task creates the caller\'s own instead of returning the hidden one', async () => {
      const byId = await as<Resource>('gp2', 'POST', 'Task', draftTask(patientB, gpRole('gp2')), { 'If-None-Exist': `_id=${taskA.id}` });
      expect(byId.status).toBe(201);
      expect(byId.body.id).not.toBe(taskA.id);
      expect(leaks(byId, patientA)).toBe(false);

      const criteria = `patient=${patientA}&status=requested`;
      const inBundle = await as<Bundle>('gp2', 'POST', '', {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [{ resource: draftTask(patientB, gpRole('gp2')), request: { method: 'POST', url: 'Task', ifNoneExist: criteria } }],
      });
      expect(inBundle.body.entry![0].response!.status).toMatch(/^201/);
      expect(leaks(inBundle, taskA.id!)).toBe(false);
    });

    it('a Patient by fødselsnummer answers a GP the same whether or not the patient exists', async () => {
      const taken = await as<Outcome>('gp2', 'POST', 'Patient', newPatient(gpRole('gp2')), { 'If-None-Exist': `identifier=${FNR_SYSTEM}|${fnrA}` });
      const free = await as<Outcome>('gp2', 'POST', 'Patient', newPatient(gpRole('gp2')), { 'If-None-Exist': `identifier=${FNR_SYSTEM}|${syntheticFodselsnummer()}` });
      expect(taken.status).toBe(403);
      expect(free.status).toBe(403);
      expect(taken.body.issue[0].diagnostics).toBe(free.body.issue[0].diagnostics);
      expect(leaks(taken, patientA.split('/')[1])).toBe(false);
      const withTakenNumber = await as<Outcome>('gp2', 'POST', 'Patient', { ...newPatient(), identifier: [{ system: FNR_SYSTEM, value: fnrA }] });
      expect(withTakenNumber.status).toBe(403);
      expect(leaks(withTakenNumber, fnrA)).toBe(false);
    });

    it('conditional update and delete treat a hidden match as no match, and change nothing', async () => {
      const body = draftTask(patientA, gpRole('gp2'));
      const hidden = await as<Outcome>('gp2', 'PUT', `Task?_id=${taskA.id}`, body);
      const nothing = await as<Outcome>('gp2', 'PUT', `Task?_id=${randomUUID()}`, body);
      expect(hidden.status).toBe(nothing.status);
      expect(hidden.body.issue[0].diagnostics?.replace(/Task\/\S+/g, '')).toBe(nothing.body.issue[0].diagnostics?.replace(/Task\/\S+/g, ''));

      const deleted = await as<Bundle>('gp2', 'POST', '', { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'DELETE', url: `Task?_id=${taskA.id}` } }] });
      expect(deleted.body.entry![0].response!.status).toMatch(/^204/);
      const stillThere = await as<Resource>('ehr', 'GET', `Task/${taskA.id}`);
      expect(stillThere.status).toBe(200);
      expect(stillThere.body.meta).toEqual(taskA.meta);
    });

    it('audits the resource a conditional create finds', async () => {
      const again = await as<Resource>('ehr', 'POST', 'Patient', newPatient(), { 'If-None-Exist': `identifier=${FNR_SYSTEM}|${fnrA}` });
      expect(again.status).toBe(200);
      expect(`Patient/${again.body.id}`).toBe(patientA);
      const reads = await auditOf(`patient=${patientA}`);
      expect(reads.some((event) => event.subtype[0].code === 'read' && event.entity.some((e) => e.what.reference.startsWith(patientA)))).toBe(true);
    });
  });

  describe('replays go back only to their sender', () => {
    it("a hand-over re-using another sender's stay identifier gets a conflict, not the stored answer", async () => {
      const original = handover({ patient: newPatient(gpRole('gp')) });
      const first = await as<Bundle>('ehr', 'POST', '', asTransaction(original));
      expect(first.status).toBe(200);
      const fnr = ((original.entries[0].resource!.identifier as Array<{ value: string }>)[0]).value;
      const copy = handover({ patient: newPatient(gpRole('gp')) });
      copy.entries[1].resource!.identifier = original.entries[1].resource!.identifier;
      const replay = await as<Outcome>('coordinator', 'POST', '', asTransaction(copy));
      expect(replay.status).toBe(409);
      expect(leaks(replay, fnr)).toBe(false);
      expect(leaks(replay, 'Task')).toBe(false);
      // The sender itself still gets its answer back, and that read is audited.
      const resent = await as<Bundle>('ehr', 'POST', '', asTransaction(original));
      expect(resent.status).toBe(200);
      const patient = resent.body.entry!.find((e) => e.resource?.resourceType === 'Patient')!.resource!;
      expect((await auditOf(`patient=Patient/${patient.id}`)).some((event) => event.subtype[0].code === 'read')).toBe(true);
    });

    it('a Bundle.identifier is the sender\'s: another sender re-using it hands over its own stay', async () => {
      const original = handover({ patient: newPatient(gpRole('gp')) });
      await as<Bundle>('ehr', 'POST', '', asTransaction(original));
      const fnr = ((original.entries[0].resource!.identifier as Array<{ value: string }>)[0]).value;
      const own = handover({ patient: newPatient(gpRole('gp')), handoverId: original.identifier.value });
      const answer = await as<Bundle>('coordinator', 'POST', '', asTransaction(own));
      expect(answer.status).toBe(200);
      expect(leaks(answer, fnr)).toBe(false);
    });

    it("a message id taken first by someone else does not block the hospital's real message", async () => {
      const messageId = randomUUID();
      const bogus = await as<Bundle>('coordinator', 'POST', '$process-message', asMessage(handover({ patient: newPatient(gpRole('gp')) }), messageId));
      expect(bogus.status).toBe(200);
      const real = handover({ patient: newPatient(gpRole('gp')) });
      const answer = await as<Bundle>('ehr', 'POST', '$process-message', asMessage(real, messageId));
      expect(answer.status).toBe(200);
      const fnr = ((real.entries[0].resource!.identifier as Array<{ value: string }>)[0]).value;
      expect(await countAs('ehr', `Patient?identifier=${FNR_SYSTEM}|${fnr}`)).toBe(1);
      // And the coordinator re-sending the id gets their own answer back, never the hospital system's.
      const again = await as<Bundle>('coordinator', 'POST', '$process-message', asMessage(handover({ patient: newPatient(gpRole('gp')) }), messageId));
      expect(leaks(again, fnr)).toBe(false);
      expect(again.body).toEqual(bogus.body);
    });
  });

  describe('links need prior right', () => {
    it('a GP cannot create a task, referral or consultation naming a patient they cannot see', async () => {
      const before = await countAs('ehr', `Task?patient=${patientA}`);
      const task = await as<Outcome>('gp2', 'POST', 'Task', draftTask(patientA, gpRole('gp2')));
      expect(task.status).toBe(422);
      const referral = await as<Outcome>('gp2', 'POST', 'ServiceRequest', {
        resourceType: 'ServiceRequest',
        status: 'draft',
        intent: 'order',
        subject: { reference: patientC },
        requester: { reference: gpRole('gp2') },
      });
      expect(referral.status).toBe(422);
      const consultation = await as<Outcome>('gp2', 'POST', 'Appointment', {
        resourceType: 'Appointment',
        status: 'proposed',
        participant: [
          { actor: { reference: patientC }, status: 'needs-action' },
          { actor: { reference: gpRole('gp2') }, status: 'accepted' },
        ],
      });
      expect(consultation.status).toBe(422);
      expect(await countAs('ehr', `Task?patient=${patientA}`)).toBe(before);
      expect(await countAs('ehr', `ServiceRequest?subject=${patientC}`)).toBe(0);
      expect((await as('gp2', 'GET', patientA)).status).toBe(404);
      expect((await as('gp2', 'GET', patientC)).status).toBe(404);
    });

    it('a hidden patient answers exactly as one that does not exist', async () => {
      const hidden = await as<Outcome>('gp2', 'POST', 'Task', draftTask(patientC, gpRole('gp2')));
      const missing = await as<Outcome>('gp2', 'POST', 'Task', draftTask(`Patient/${randomUUID()}`, gpRole('gp2')));
      expect(hidden.status).toBe(missing.status);
      expect(hidden.body.issue.map((i) => i.diagnostics?.replace(/Patient\/\S+/, ''))).toEqual(missing.body.issue.map((i) => i.diagnostics?.replace(/Patient\/\S+/, '')));
    });

    it('a coordinator cannot open a patient by creating a stay at their unit', async () => {
      const stay = await as<Outcome>('coordinator', 'POST', 'Encounter', {
        resourceType: 'Encounter',
        status: 'in-progress',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
        subject: { reference: patientC },
        serviceProvider: { reference: demoUnit() },
      });
      expect(stay.status).toBe(422);
      expect((await as('coordinator', 'GET', patientC)).status).toBe(404);
    });

    it('Task.for never changes, by update or patch', async () => {
      const current = (await as<Resource>('gp2', 'GET', `Task/${taskB.id}`)).body;
      const moved = await as<Outcome>('gp2', 'PUT', `Task/${taskB.id}`, { ...current, for: { reference: patientA } });
      expect(moved.status).toBe(409);
      const patched = await as<Outcome>('gp2', 'PATCH', `Task/${taskB.id}`, [{ op: 'replace', path: '/for/reference', value: patientC }], {
        'Content-Type': 'application/json-patch+json',
      });
      expect([409, 422]).toContain(patched.status);
      expect((await as<Resource>('ehr', 'GET', `Task/${taskB.id}`)).body.for).toEqual({ reference: patientB });
      expect((await as('gp2', 'GET', patientA)).status).toBe(404);
    });

    it('a GP cannot send a hand-over', async () => {
      const answer = await as<Outcome>('gp2', 'POST', '', asTransaction(handover({ patient: { ...newPatient(), identifier: [{ system: FNR_SYSTEM, value: fnrA }] }, owner: gpRole('gp2') })));
      expect(answer.status).toBe(403);
      expect(leaks(answer, fnrA)).toBe(false);
      expect((await as('gp2', 'GET', patientA)).status).toBe(404);
    });
  });

  describe('GPs do not control routing', () => {
    it('a GP cannot register a patient, nor re-list one they see through a task', async () => {
      const created = await as<Outcome>('gp2', 'POST', 'Patient', newPatient(gpRole('gp2')));
      expect(created.status).toBe(403);
      // gp sees patient B only through a forwarded task? No: through nothing. Give gp a task for B first.
      const forB = handover({ patient: { ...newPatient(), identifier: (await as<Resource>('ehr', 'GET', patientB)).body.identifier }, owner: gpRole('gp') });
      expect((await as('ehr', 'POST', '', asTransaction(forB))).status).toBe(200);
      const b = await as<Resource>('gp', 'GET', patientB);
      expect(b.status).toBe(200);
      const relisted = await as<Outcome>('gp', 'PUT', patientB, { ...b.body, generalPractitioner: [{ reference: gpRole('gp') }] });
      expect(relisted.status).toBe(403);
      const renumbered = await as<Outcome>('gp', 'PUT', patientB, { ...b.body, identifier: [{ system: FNR_SYSTEM, value: syntheticFodselsnummer() }] });
      expect(renumbered.status).toBe(403);
      // The hospital's next hand-over still goes to the patient's real GP.
      const next = await postHandover(ehr, handover({ patient: { ...newPatient(), identifier: b.body.identifier } }));
      expect(next.tasks[0].owner).toEqual({ reference: gpRole('gp2') });
    });
  });

  describe('emergency access', () => {
    it('opens reads of one patient for this request only, never writes or type-level history', async () => {
      const header = { 'X-Bro-Emergency-Access': REASON };
      expect((await as('gp2', 'GET', patientA, undefined, header)).status).toBe(200);
      expect((await as('gp2', 'GET', patientA)).status).toBe(404);
      expect((await as('gp2', 'GET', 'Patient/_history', undefined, header)).status).toBe(403);
      expect((await as('gp2', 'GET', 'Task/_history', undefined, header)).status).toBe(403);
      const search = await as<Searchset>('gp2', 'GET', `Task?patient=${patientA}&_include=Task:patient`, undefined, header);
      expect(search.status).toBe(200);
      const found = (search.body.entry ?? []).map((e) => e.resource!);
      expect(found.map((r) => r.resourceType).sort()).toEqual(['Patient', 'Task']);
      expect(found.every((r) => `Patient/${r.id}` === patientA || (r.for as { reference: string }).reference === patientA)).toBe(true);

      const write = await as<Outcome>('gp2', 'POST', 'Task', draftTask(patientA, gpRole('gp2')), header);
      expect(write.status).toBe(400);
      const current = (await as<Resource>('ehr', 'GET', `Task/${taskA.id}`)).body;
      expect((await as('gp2', 'PUT', `Task/${taskA.id}`, current, header)).status).toBe(400);
      expect((await as('gp2', 'DELETE', `Task/${taskA.id}`, undefined, header)).status).toBe(400);
      expect((await as('gp2', 'GET', `Task/${taskA.id}`)).status).toBe(404);
    });

    it('needs a reason the privacy officer can read', async () => {
      for (const reason of ['.', 'trenger', '                          ', '12345678901234567890123', 'code:nope']) {
        expect((await as('gp2', 'GET', patientA, undefined, { 'X-Bro-Emergency-Access': reason })).status).toBe(400);
      }
      expect((await as('gp2', 'GET', patientA, undefined, { 'X-Bro-Emergency-Access': 'code:unconscious-patient' })).status).toBe(200);
    });
  });

  it('audits what the /api lists and task view answer, by the route\'s own declaration', async () => {
    const listed = await callAs<{ tasks: Array<{ id: string }> }>(api, 'gp', 'GET', `/api/inbox/tasks?patient=${patientA.split('/')[1]}`);
    expect(listed.body.tasks.map((t) => t.id)).toEqual([taskA.id]);
    const viewed = await callAs(api, 'gp', 'GET', `/api/tasks/${taskA.id}`);
    expect(viewed.status).toBe(200);
    const events = await auditOf(`patient=${patientA}&agent=gp`);
    const taskEvents = events.filter((e) => e.entity.some((entity) => entity.what.reference.startsWith(`Task/${taskA.id}`)));
    expect(taskEvents.map((e) => e.subtype[0].code).sort()).toEqual(['read', 'search-type']);
    // A refused view reads nothing and leaves no entry.
    const before = (await auditOf(`patient=${patientA}&agent=gp2`)).length;
    expect((await callAs(api, 'gp2', 'GET', `/api/tasks/${taskA.id}`)).status).toBe(404);
    expect((await auditOf(`patient=${patientA}&agent=gp2`)).length).toBe(before);
  });

  it('a deleted id is never re-created, by anyone', async () => {
    const registered = await as<Resource>('ehr', 'POST', 'Patient', newPatient());
    const id = registered.body.id!;
    expect((await as('ehr', 'DELETE', `Patient/${id}`)).status).toBe(200);
    expect((await as('ehr', 'PUT', `Patient/${id}`, { ...newPatient(), id })).status).toBe(410);
    expect((await as('coordinator', 'PUT', `Patient/${id}`, { ...newPatient(), id })).status).toBe(410);
    expect((await as('gp2', 'GET', `Patient/${id}/_history`)).status).toBe(404);
  });

  it('SMART scopes hold for _include and _revinclude targets', async () => {
    const answer = await as<Searchset>('reporting', 'GET', `Task?_id=${taskA.id}&_include=Task:encounter&_include=Task:patient`);
    expect(answer.status).toBe(200);
    const types = (answer.body.entry ?? []).map((e) => e.resource!.resourceType).sort();
    expect(types).toEqual(['Patient', 'Task']);
    expect((await as('reporting', 'GET', 'Encounter/_history')).status).toBe(403);
  });
});
