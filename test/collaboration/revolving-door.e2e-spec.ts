import { randomUUID } from 'node:crypto';
import { Bundle, ORGANIZATION_TYPE_SYSTEM, OrganizationTypeCode, REVOLVING_DOOR_TASK_EXTENSION, Resource, revolvingDoorFlagOf } from '@app/fhir';
import { HandoverPage, TaskPage } from '@app/fhir/api/api-answers';
import { ConsultationPage } from '@app/fhir/api/consultation-answers';
import { RevolvingDoorFigures } from '@app/fhir/api/revolving-door-answers';
import { BoardSnapshot } from '@app/fhir/board/board-metrics';
import { Database } from '../../apps/api/src/database/sql-client';
import { encounterOf, patientAged, patientOf } from '../support/revolving-door';
import { TestApi, startTestApi } from '../support/test-api';
import { demoUnit, testDirectory } from '../support/test-directory';
import { startTestWorker } from '../support/test-worker';
import { callAs, gpRole, handover, postHandover, sendHandoverMessage, wardOfTheDemoUnit } from '../support/transfers';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FLAG_CODE = 'urn:bro:flag|revolving-door';

type Stored = Resource & { id: string };

/**
 * Revolving-door patients through the API as hospitals send stays: boundaries of the indicator on real writes,
 * the Flag in the same transaction as the stay, the mark on the hand-over Tasks, the GP's inbox and the
 * coordinator's hand-over list, the coordinator's prompt, the board and the quality figures, and who may see
 * or write the Flag.
 */
describe('revolving-door patients', () => {
  let api: TestApi;
  let database: Database;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let ward: string;

  const fhir = <T = Stored>(user: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    callAs<T>(api, user, method, `/fhir/R4/${path}`, body, headers);
  const flagsOfStay = async (encounterId: string, user = 'ehr') =>
    ((await fhir<Bundle>(user, 'GET', `Flag?encounter=Encounter/${encounterId}&code=${FLAG_CODE}`)).body.entry ?? []).map((entry) => entry.resource as Stored);

  /** Posts a hand-over of a stay of `patient` at `unit`, admitted and discharged when given. */
  async function stay(patient: Resource, admittedAt: Date, dischargedAt: Date, options: { admission?: 'acute' | 'elective'; unit?: string } = {}) {
    const ehr = await api.fhirClient('ehr');
    const { response, tasks } = await postHandover(
      ehr,
      handover({ patient, requester: options.unit ?? ward, admittedAt: admittedAt.toISOString(), dischargedAt: dischargedAt.toISOString(), admission: options.admission }),
    );
    return { encounter: encounterOf(response) as Stored, patient: patientOf(response) as Stored, tasks: tasks as Stored[] };
  }

  /** An index stay discharged 32 days ago (at noon-ish) and a readmission starting `afterMs` later. */
  async function indexAndReadmission(afterMs: number, options: { age?: number; ageOnDayAfter?: boolean; admission?: 'acute' | 'elective'; unit?: string } = {}) {
    const discharged = new Date(Date.now() - 32 * DAY);
    const ageDay = options.ageOnDayAfter ? new Date(discharged.getTime() + DAY) : discharged;
    const patient = patientAged(options.age ?? 75, ageDay, gpRole());
    const index = await stay(patient, new Date(discharged.getTime() - 4 * DAY), discharged, { unit: options.unit });
    const start = new Date(discharged.getTime() + afterMs);
    const readmission = await stay(patient, start, new Date(start.getTime() + DAY), { admission: options.admission ?? 'acute', unit: options.unit });
    return { index, readmission };
  }

  /** The unit's coordinator proposes a joint consultation about a stay (the GP asked, the patient not attending). */
  async function proposeJointConsultation(stayed: Awaited<ReturnType<typeof stay>>) {
    const start = new Date(Math.ceil((Date.now() + 48 * HOUR) / (15 * MINUTE)) * 15 * MINUTE);
    return fhir('coordinator', 'POST', 'Appointment', {
      resourceType: 'Appointment',
      status: 'proposed',
      serviceType: [{ coding: [{ system: 'urn:bro:consultation-service-type', code: 'joint-discharge-consultation' }] }],
      supportingInformation: [{ reference: `Encounter/${stayed.encounter.id}` }, ...stayed.tasks.map((task) => ({ reference: `Task/${task.id}` }))],
      minutesDuration: 30,
      requestedPeriod: [{ start: start.toISOString(), end: new Date(start.getTime() + 30 * MINUTE).toISOString() }],
      participant: [
        { type: [{ coding: [{ system: 'urn:bro:consultation-role', code: 'hospital-doctor' }] }], actor: { reference: testDirectory().demoPractitionerRoles.coordinator }, required: 'required', status: 'accepted' },
        { type: [{ coding: [{ system: 'urn:bro:consultation-role', code: 'gp' }] }], actor: { reference: gpRole() }, required: 'required', status: 'needs-action' },
        { type: [{ coding: [{ system: 'urn:bro:consultation-role', code: 'patient' }] }], actor: { reference: `Patient/${stayed.patient.id}` }, required: 'information-only', status: 'accepted' },
      ],
    });
  }

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    database = api.app.get(Database);
    ward = await wardOfTheDemoUnit(api);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  describe('the indicator on the stays Bro holds', () => {
    it('flags an acute readmission 8 hours after discharge, not one 7 hours 59 minutes after', async () => {
      const at8h = await indexAndReadmission(8 * HOUR);
      const before8h = await indexAndReadmission(8 * HOUR - MINUTE);
      const [flag] = await flagsOfStay(at8h.readmission.encounter.id);
      expect(flag).toMatchObject({ status: 'active', subject: { reference: `Patient/${at8h.index.patient.id}` }, encounter: { reference: `Encounter/${at8h.readmission.encounter.id}` } });
      expect(flag.extension).toEqual([{ url: 'urn:bro:extension:revolving-door-index-encounter', valueReference: { reference: `Encounter/${at8h.index.encounter.id}` } }]);
      expect((flag.period as { start: string }).start).toBe((at8h.readmission.encounter.period as { start: string }).start);
      expect(await flagsOfStay(before8h.readmission.encounter.id)).toEqual([]);
    });

    it('flags a readmission 30 days after discharge, not one 30 days and 1 minute after', async () => {
      const at30d = await indexAndReadmission(30 * DAY);
      const after30d = await indexAndReadmission(30 * DAY + MINUTE);
      expect(await flagsOfStay(at30d.readmission.encounter.id)).toHaveLength(1);
      expect(await flagsOfStay(after30d.readmission.encounter.id)).toEqual([]);
    });

    it('counts a patient who is 67 on the discharge day, not one who turns 67 the day after', async () => {
      const turned67 = await indexAndReadmission(2 * DAY, { age: 67 });
      const still66 = await indexAndReadmission(2 * DAY, { age: 67, ageOnDayAfter: true });
      expect(await flagsOfStay(turned67.readmission.encounter.id)).toHaveLength(1);
      expect(await flagsOfStay(still66.readmission.encounter.id)).toEqual([]);
    });

    it('flags a readmission sent as a FHIR message as one sent as a transaction', async () => {
      const discharged = new Date(Date.now() - 20 * DAY);
      const patient = patientAged(72, discharged, gpRole());
      await stay(patient, new Date(discharged.getTime() - 3 * DAY), discharged);
      const start = new Date(discharged.getTime() + 6 * DAY);
      const content = handover({ patient, requester: ward, admittedAt: start.toISOString(), dischargedAt: new Date(start.getTime() + DAY).toISOString(), admission: 'acute' });
      const answer = await sendHandoverMessage(api, content, randomUUID());
      expect(answer.status).toBe(200);
      const stayIdentifier = (content.entries.find((entry) => entry.resource?.resourceType === 'Encounter')!.resource!.identifier as Array<{ system: string; value: string }>)[0];
      const found = await fhir<Bundle>('ehr', 'GET', `Encounter?identifier=${stayIdentifier.system}|${stayIdentifier.value}`);
      const encounterId = found.body.entry![0].resource!.id!;
      const [flag] = await flagsOfStay(encounterId);
      expect(flag.status).toBe('active');
      const tasks = await fhir<Bundle>('ehr', 'GET', `Task?encounter=Encounter/${encounterId}`);
      expect(tasks.body.entry!.map((entry) => revolvingDoorFlagOf(entry.resource!))).toEqual(tasks.body.entry!.map(() => `Flag/${flag.id}`));
    });

    it('does not count an elective readmission', async () => {
      const elective = await indexAndReadmission(2 * DAY, { admission: 'elective' });
      expect(await flagsOfStay(elective.readmission.encounter.id)).toEqual([]);
      expect(elective.readmission.tasks.every((task) => revolvingDoorFlagOf(task) === undefined)).toBe(true);
    });
  });

  describe('where GPs and coordinators work', () => {
    let readmission: Awaited<ReturnType<typeof stay>>;
    let flag: Stored;

    beforeAll(async () => {
      ({ readmission } = await indexAndReadmission(3 * DAY));
      [flag] = await flagsOfStay(readmission.encounter.id);
    });

    it("marks the readmission's hand-over Tasks with the Flag, in the hand-over's own transaction", async () => {
      expect(readmission.tasks.length).toBeGreaterThan(0);
      for (const task of readmission.tasks) expect(revolvingDoorFlagOf(task)).toBe(`Flag/${flag.id}`);
    });

    it("shows it in the GP's inbox", async () => {
      const inbox = await callAs<TaskPage>(api, 'gp', 'GET', `/api/inbox/tasks?patient=${readmission.patient.id}`);
      expect(inbox.status).toBe(200);
      const row = inbox.body.tasks.find((task) => task.id === readmission.tasks[0].id)!;
      expect(row.revolvingDoor).toEqual({ flag: `Flag/${flag.id}` });
    });

    it("prompts the coordinator on the unit's hand-over list and in the bell, without patient identifiers", async () => {
      const list = await callAs<HandoverPage>(api, 'coordinator', 'GET', '/api/handovers?pageSize=100');
      const row = list.body.handovers.find((handoverRow) => handoverRow.encounterId === readmission.encounter.id)!;
      expect(row.revolvingDoor).toEqual({ flag: `Flag/${flag.id}`, jointConsultation: false, proposeJointConsultation: true });
      const told = await waitFor(async () => {
        const { rows } = await database.query<{ recipient: string; kind: string; title: string; body: string }>(`SELECT recipient, kind, title, body FROM notification WHERE resource = $1`, [`Flag/${flag.id}`]);
        return rows.length ? rows : undefined;
      }, 'the revolving-door prompt');
      expect(told).toEqual([expect.objectContaining({ recipient: ward, kind: 'revolving-door' })]);
      expect(JSON.stringify(told)).not.toContain(readmission.patient.id);
      expect(JSON.stringify(told)).not.toMatch(/\d{11}/);
    });

    it('stops prompting once a joint consultation is proposed for the stay', async () => {
      const proposed = await proposeJointConsultation(readmission);
      expect(proposed.status).toBe(201);
      const list = await callAs<HandoverPage>(api, 'coordinator', 'GET', '/api/handovers?pageSize=100');
      const row = list.body.handovers.find((handoverRow) => handoverRow.encounterId === readmission.encounter.id)!;
      expect(row.revolvingDoor).toEqual({ flag: `Flag/${flag.id}`, jointConsultation: true, proposeJointConsultation: false });
      // The planner and the GP's invitation say why this consultation matters.
      const planner = await callAs<ConsultationPage>(api, 'coordinator', 'GET', '/api/consultations?list=awaiting-answers&pageSize=100');
      expect(planner.body.consultations.find((consultation) => consultation.id === proposed.body.id)?.revolvingDoor).toEqual({ flag: `Flag/${flag.id}` });
      const invitations = await callAs<ConsultationPage>(api, 'gp', 'GET', '/api/consultations?list=invitations&pageSize=100');
      expect(invitations.body.consultations.find((consultation) => consultation.id === proposed.body.id)?.revolvingDoor).toEqual({ flag: `Flag/${flag.id}` });
    });

    it('keeps one Flag however often the stay is written again, and Bro keeps the mark whatever a client sends', async () => {
      const again = await fhir('ehr', 'PUT', `Encounter/${readmission.encounter.id}`, readmission.encounter);
      expect(again.status).toBe(200);
      const flags = await flagsOfStay(readmission.encounter.id);
      expect(flags.map((f) => [f.id, f.meta?.versionId])).toEqual([[flag.id, flag.meta?.versionId]]);
      const task = (await fhir('ehr', 'GET', `Task/${readmission.tasks[0].id}`)).body;
      const others = (task.extension as Array<{ url: string }>).filter((e) => e.url !== REVOLVING_DOOR_TASK_EXTENSION);
      const stripped: Resource = { ...task, extension: others };
      if (others.length === 0) delete stripped.extension;
      const written = await fhir('ehr', 'PUT', `Task/${task.id}`, stripped, { 'If-Match': `W/"${task.meta?.versionId}"` });
      expect(written.status).toBe(200);
      expect(revolvingDoorFlagOf(written.body)).toBe(`Flag/${flag.id}`);
    });
  });

  it("keeps the mark on a contested task's successor when the coordinator re-assigns it", async () => {
    const { readmission } = await indexAndReadmission(5 * DAY);
    const [flag] = await flagsOfStay(readmission.encounter.id);
    const [task] = readmission.tasks;
    const contested = await callAs<{ task: { id: string; version: number } }>(api, 'gp', 'POST', `/api/tasks/${task.id}/contest`, { version: Number(task.meta?.versionId), reason: 'IKKE-INDISERT' });
    expect(contested.status).toBe(200);
    const reassigned = await callAs<{ successor?: { id: string } }>(api, 'coordinator', 'POST', `/api/tasks/${task.id}/reassign`, { version: contested.body.task.version, owner: gpRole('gp2') });
    expect(reassigned.status).toBe(200);
    const successors = await fhir<Bundle>('ehr', 'GET', `Task?encounter=Encounter/${readmission.encounter.id}`);
    const successor = successors.body.entry!.map((entry) => entry.resource!).find((resource) => resource.id !== task.id)!;
    expect(revolvingDoorFlagOf(successor)).toBe(`Flag/${flag.id}`);
  });

  it('raises the Flag when the index discharge arrives after the readmission, and lowers it when the readmission turns out elective', async () => {
    const discharged = new Date(Date.now() - 10 * DAY);
    const patient = patientAged(80, discharged, gpRole());
    // The readmission first (its hand-over), then the stay before it, sent late.
    const readmission = await stay(patient, new Date(discharged.getTime() + 2 * DAY), new Date(discharged.getTime() + 5 * DAY), { admission: 'acute' });
    expect(await flagsOfStay(readmission.encounter.id)).toEqual([]);
    const index = await stay(patient, new Date(discharged.getTime() - 3 * DAY), discharged);
    const [flag] = await flagsOfStay(readmission.encounter.id);
    expect(flag.status).toBe('active');
    expect(flag.extension).toEqual([expect.objectContaining({ valueReference: { reference: `Encounter/${index.encounter.id}` } })]);
    // The Tasks already there got the mark in the same transaction.
    const task = (await fhir('ehr', 'GET', `Task/${readmission.tasks[0].id}`)).body;
    expect(revolvingDoorFlagOf(task)).toBe(`Flag/${flag.id}`);

    const corrected = { ...readmission.encounter, priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EL' }] } };
    expect((await fhir('ehr', 'PUT', `Encounter/${readmission.encounter.id}`, corrected)).status).toBe(200);
    const [lowered] = await flagsOfStay(readmission.encounter.id);
    expect(lowered).toMatchObject({ id: flag.id, status: 'inactive' });
    expect(revolvingDoorFlagOf((await fhir('ehr', 'GET', `Task/${readmission.tasks[0].id}`)).body)).toBeUndefined();
  });

  describe('who may see and write the Flag', () => {
    let flag: Stored;
    let patientId: string;
    let readmissionId: string;

    beforeAll(async () => {
      const { readmission } = await indexAndReadmission(4 * DAY);
      [flag] = await flagsOfStay(readmission.encounter.id);
      patientId = readmission.patient.id;
      readmissionId = readmission.encounter.id;
    });

    it("the patient's GP and the unit's coordinator see it; another GP finds nothing, as if there were none", async () => {
      for (const user of ['gp', 'coordinator']) {
        expect((await fhir(user, 'GET', `Flag/${flag.id}`)).status).toBe(200);
        expect((await fhir<Bundle>(user, 'GET', `Flag?patient=Patient/${patientId}`)).body.entry?.map((e) => e.resource?.id)).toEqual([flag.id]);
      }
      expect((await fhir('gp2', 'GET', `Flag/${flag.id}`)).status).toBe(404);
      expect((await fhir('gp2', 'GET', `Flag/${flag.id}/_history`)).status).toBe(404);
      expect((await fhir('gp2', 'GET', `Flag/${flag.id}/_history/1`)).status).toBe(404);
      const search = await fhir<Bundle>('gp2', 'GET', `Flag?code=${FLAG_CODE}&_total=accurate`);
      expect(search.body.entry?.some((e) => e.resource?.id === flag.id) ?? false).toBe(false);
      const included = await fhir<Bundle>('gp2', 'GET', `Encounter?_id=${readmissionId}&_revinclude=Flag:encounter`);
      expect(included.body.entry ?? []).toEqual([]);
      const typeHistory = await fhir<Bundle>('gp2', 'GET', 'Flag/_history?_count=500');
      expect((typeHistory.body.entry ?? []).some((e) => e.resource?.id === flag.id)).toBe(false);
      expect((await fhir('gp2', 'GET', `Patient/${patientId}/$everything`)).status).toBe(404);
      // The patient's GP gets the Flag with the patient's record, as any of the patient's resources.
      const everything = await fhir<Bundle>('gp', 'GET', `Patient/${patientId}/$everything`);
      expect((everything.body.entry ?? []).some((e) => e.resource?.resourceType === 'Flag' && e.resource.id === flag.id)).toBe(true);
    });

    it('the quality team, the low-threshold service and narrow system clients get nothing of it', async () => {
      expect((await fhir('quality', 'GET', `Flag?code=${FLAG_CODE}`)).status).toBe(403);
      expect((await fhir('quality', 'GET', `Flag/${flag.id}`)).status).toBe(403);
      expect((await fhir<Bundle>('lowthreshold', 'GET', `Flag?code=${FLAG_CODE}`)).body.entry ?? []).toEqual([]);
      expect((await fhir('reporting', 'GET', `Flag?code=${FLAG_CODE}`)).status).toBe(403);
      expect((await fhir('reporting', 'GET', `Flag/${flag.id}`)).status).toBe(403);
      // Through the Tasks it may read, a narrow client reaches the patient, never the patient's Flags.
      const through = await fhir<Bundle>('reporting', 'GET', `Task?patient=Patient/${patientId}&_include=Task:patient&_revinclude:iterate=Flag:patient`);
      expect([200, 403]).toContain(through.status);
      expect((through.body.entry ?? []).filter((e) => e.resource?.resourceType === 'Flag')).toEqual([]);
      expect((await fhir<Bundle>('apotek', 'GET', `Flag?code=${FLAG_CODE}`)).status).toBe(403);
    });

    it('no one but Bro writes a revolving-door Flag: create, conditional create, update, patch, delete and bundles are refused, and nothing is written', async () => {
      const before = await database.query<{ n: string }>(`SELECT count(*) AS n FROM fhir_flag`);
      const forged = { resourceType: 'Flag', status: 'active', code: { coding: [{ system: 'urn:bro:flag', code: 'revolving-door' }] }, subject: { reference: `Patient/${patientId}` } };
      expect((await fhir('ehr', 'POST', 'Flag', forged)).status).toBe(403);
      expect((await fhir('gp', 'POST', 'Flag', forged)).status).toBe(403);
      expect((await fhir('ehr', 'POST', 'Flag', forged, { 'If-None-Exist': `patient=Patient/${patientId}&code=${FLAG_CODE}&status=inactive` })).status).toBe(403);
      expect((await fhir('ehr', 'PUT', `Flag/${flag.id}`, { ...flag, status: 'inactive' })).status).toBe(403);
      expect((await fhir('ehr', 'PUT', `Flag/${flag.id}`, { ...flag, code: { coding: [{ system: 'urn:other', code: 'x' }] } })).status).toBe(403);
      expect((await fhir('ehr', 'PATCH', `Flag/${flag.id}`, [{ op: 'replace', path: '/status', value: 'inactive' }], { 'Content-Type': 'application/json-patch+json' })).status).toBe(403);
      expect((await fhir('ehr', 'DELETE', `Flag/${flag.id}`)).status).toBe(403);
      expect((await fhir('ehr', 'PUT', `Flag?patient=Patient/${patientId}&code=${FLAG_CODE}`, { ...flag, status: 'inactive' })).status).toBe(403);
      expect((await fhir('ehr', 'DELETE', `Flag?patient=Patient/${patientId}&code=${FLAG_CODE}`)).status).toBe(403);
      const transaction = await callAs<Bundle>(api, 'ehr', 'POST', '/fhir/R4', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ request: { method: 'PUT', url: `Flag/${flag.id}` }, resource: { ...flag, status: 'entered-in-error' } }],
      });
      expect(transaction.status).toBe(403);
      const bundle = await callAs<Bundle>(api, 'ehr', 'POST', '/fhir/R4', { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'POST', url: 'Flag' }, resource: forged }] });
      expect(bundle.body.entry?.[0].response?.status).toMatch(/^403/);
      const after = await database.query<{ n: string }>(`SELECT count(*) AS n FROM fhir_flag`);
      expect(after.rows[0].n).toBe(before.rows[0].n);
      expect((await fhir('ehr', 'GET', `Flag/${flag.id}`)).body).toMatchObject({ status: 'active', meta: { versionId: flag.meta?.versionId } });
    });

    it("a hand-over Task cannot carry a forged mark: Bro sets it from the stay's Flag", async () => {
      const patient = patientAged(50, new Date(), gpRole());
      const content = handover({ patient, requester: ward });
      const task = content.entries.find((entry) => entry.resource?.resourceType === 'Task')!.resource!;
      task.extension = [{ url: REVOLVING_DOOR_TASK_EXTENSION, valueReference: { reference: `Flag/${flag.id}` } }];
      const { tasks } = await postHandover(await api.fhirClient('ehr'), content);
      expect(revolvingDoorFlagOf(tasks[0])).toBeUndefined();
    });
  });

  it('counts on the quality figures and the board: the rate, the patients with and without a joint consultation', async () => {
    // A unit of this test's own, typed as a hospital so it has a board of its own (its figures, nobody else's).
    const created = await fhir('ehr', 'POST', 'Organization', {
      resourceType: 'Organization',
      active: true,
      type: [{ coding: [{ system: ORGANIZATION_TYPE_SYSTEM, code: OrganizationTypeCode.Hospital }] }],
      name: `Svingdørtest ${Math.random().toString(36).slice(2, 10)}`,
      partOf: { reference: demoUnit() },
    });
    expect(created.status).toBe(201);
    const unit = `Organization/${created.body.id}`;
    // Six patients of 67 or more discharged from a unit of this test's own; five come back acutely within 30 days.
    const readmissions: Array<Awaited<ReturnType<typeof stay>>> = [];
    for (let n = 0; n < 6; n++) {
      // Back 3 to 7 days after a discharge 32 days ago: every readmission within the board's last 30 days.
      if (n < 5) readmissions.push((await indexAndReadmission((n + 3) * DAY, { unit })).readmission);
      else {
        const discharged = new Date(Date.now() - 32 * DAY);
        await stay(patientAged(70, discharged, gpRole()), new Date(discharged.getTime() - 2 * DAY), discharged, { unit });
      }
    }
    // Five with a joint consultation would be too few to show: one gets one, so the split is hidden and the total not.
    expect((await proposeJointConsultation(readmissions[0])).status).toBe(201);
    const scope = `hospital:${unit}`;
    const figures = await callAs<RevolvingDoorFigures>(api, 'quality', 'GET', `/api/quality/revolving-door?scope=${encodeURIComponent(scope)}`);
    expect(figures.status).toBe(200);
    // Every finished stay of a patient of 67 or more is an index stay: the six, and the five readmissions once discharged.
    expect(figures.body.totals).toEqual({ discharges: 11, readmitted: 5, rate: 0.455 });
    expect(figures.body.patients).toEqual({ total: 5, withJointConsultation: '<5', withoutJointConsultation: '<5' });
    expect(figures.body.byUnit).toEqual([expect.objectContaining({ unit, discharges: 11, readmitted: 5, rate: 0.455 })]);
    expect(figures.body.weeks).toHaveLength(12);
    expect(JSON.stringify(figures.body)).not.toContain('Patient/');

    expect((await callAs(api, 'coordinator', 'GET', '/api/quality/revolving-door')).status).toBe(403);
    expect((await callAs(api, 'gp', 'GET', '/api/quality/revolving-door')).status).toBe(403);
    expect((await callAs(api, 'ehr', 'GET', '/api/quality/revolving-door')).status).toBe(403);
    expect((await callAs(api, 'quality', 'GET', '/api/quality/revolving-door?scope=everything')).status).toBe(400);
    expect((await callAs(api, 'quality', 'GET', '/api/quality/revolving-door?weeks=0')).status).toBe(400);
    expect((await callAs(api, 'quality', 'GET', '/api/quality/revolving-door?week=2')).status).toBe(400);
    expect((await callAs(api, 'quality', 'GET', '/api/quality/revolving-door?scope=%00')).status).toBe(400);
    expect((await callAs(api, 'quality', 'GET', '/api/quality/revolving-door?weeks=1e20')).status).toBe(400);
    expect((await callAs(api, 'quality', 'GET', '/api/quality/revolving-door?weeks=105')).status).toBe(400);
    expect((await callAs(api, 'quality', 'GET', `/api/quality/revolving-door?scope=hospital:Organization/${'x'.repeat(5000)}`)).status).toBe(400);

    // The unit's board: the five readmission stays were discharged in the last 30 days (none came back again), and
    // the five patients readmitted in them, one with a joint consultation: the split hidden, the total shown.
    const board = await callAs<BoardSnapshot>(api, 'quality', 'GET', `/api/board?scope=${encodeURIComponent(scope)}`);
    expect(board.status).toBe(200);
    expect(board.body.panels.revolvingDoor).toEqual({
      last30Days: { discharges: 5, readmitted: 0, rate: 0 },
      patients: { total: 5, withJointConsultation: '<5', withoutJointConsultation: '<5' },
      trend: expect.any(Array),
    });
    expect(board.body.panels.revolvingDoor!.trend).toHaveLength(8);
    expect(JSON.stringify(board.body.panels.revolvingDoor)).not.toContain('Patient/');
  });
});
