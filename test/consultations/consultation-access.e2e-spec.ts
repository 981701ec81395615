import Client from 'fhir-kit-client';
import { Bundle, Resource } from '@app/fhir';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs, gpRole } from '../support/transfers';
import { answer, consultation, discharge, Discharge, propose, stored, timeOptions } from './consultation-fixtures';

jest.setTimeout(60_000);

type Searchset = Bundle & { total?: number };
const ids = (bundle: Searchset) => (bundle.entry ?? []).map((entry) => `${entry.resource!.resourceType}/${entry.resource!.id}`);

/**
 * Who sees a joint consultation: its participants and the unit that planned it, nobody else. The patient
 * is gp2's, the consultation has gp taking part (covering): gp comes to see the patient through it, gp2
 * sees the patient but not the consultation.
 */
describe('joint consultation access', () => {
  let api: TestApi;
  let ehr: Client;
  let stay: Discharge;
  let appointment: Resource;
  let response: Resource;

  const get = (user: string, path: string) => callAs<Searchset & Resource>(api, user, 'GET', `/fhir/R4/${path}`);

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    stay = await discharge(ehr, 'gp2');
    // Not gp's patient: only the consultation will let gp see them.
    expect((await get('gp', stay.patient)).status).toBe(404);
    appointment = await propose(api, consultation(stay, [timeOptions(440)()], 'gp'));
    const answered = await answer(api, 'gp', appointment, gpRole('gp'), 'tentative', { comment: 'Passer dårlig' });
    expect(answered.status).toBe(201);
    response = answered.body;
  });
  afterAll(() => api.close());

  it('the participating GP sees it, its answers and its patient (by read, search and _include)', async () => {
    expect((await get('gp', `Appointment/${appointment.id}`)).status).toBe(200);
    expect((await get('gp', stay.patient)).status).toBe(200);
    const withPatient = await get('gp', `Appointment?_id=${appointment.id}&_include=Appointment:patient`);
    expect(ids(withPatient.body).sort()).toEqual([`Appointment/${appointment.id}`, stay.patient].sort());
    expect((await get('gp', `AppointmentResponse?appointment=Appointment/${appointment.id}`)).body.total).toBe(1);
    expect((await get('gp', `Appointment?actor=${gpRole('gp')}&_id=${appointment.id}`)).body.total).toBe(1);
  });

  it('the planning unit sees it', async () => {
    expect((await get('coordinator', `Appointment/${appointment.id}`)).status).toBe(200);
    expect((await get('coordinator', `AppointmentResponse/${response.id}`)).status).toBe(200);
  });

  it("the patient's own GP, not taking part, does not: 404 and empty searches, also through _revinclude and history", async () => {
    expect((await get('gp2', stay.patient)).status).toBe(200);
    expect((await get('gp2', `Appointment/${appointment.id}`)).status).toBe(404);
    expect((await get('gp2', `Appointment/${appointment.id}/_history`)).status).toBe(404);
    expect((await get('gp2', `AppointmentResponse/${response.id}`)).status).toBe(404);
    expect((await get('gp2', `Appointment?patient=${stay.patient}`)).body.total).toBe(0);
    expect((await get('gp2', `AppointmentResponse?appointment=Appointment/${appointment.id}`)).body.total).toBe(0);
    const revinclude = await get('gp2', `Patient?_id=${stay.patient.split('/')[1]}&_revinclude=Appointment:patient`);
    expect(ids(revinclude.body)).toEqual([stay.patient]);
    const everything = await get('gp2', `${stay.patient}/$everything`);
    expect(everything.status).toBe(200);
    expect(ids(everything.body)).toContain(stay.patient);
    expect(ids(everything.body).filter((id) => id.startsWith('Appointment'))).toEqual([]);
    const asParticipant = await get('gp', `${stay.patient}/$everything`);
    expect(ids(asParticipant.body)).toContain(`Appointment/${appointment.id}`);
  });

  it('the other GP changes nothing through conditional operations, bundles or answers', async () => {
    const before = await stored(api, appointment);
    const conditionalUpdate = await callAs(api, 'gp2', 'PUT', `/fhir/R4/Appointment?_id=${appointment.id}`, { ...before, status: 'cancelled' });
    expect([403, 404]).toContain(conditionalUpdate.status);
    const conditionalDelete = await callAs(api, 'gp2', 'DELETE', `/fhir/R4/Appointment?_id=${appointment.id}`);
    expect(conditionalDelete.status).toBeLessThan(500);
    const bundle = await callAs<Bundle>(api, 'gp2', 'POST', '/fhir/R4', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { request: { method: 'GET', url: `Appointment/${appointment.id}` } },
        { request: { method: 'GET', url: `AppointmentResponse?appointment=Appointment/${appointment.id}` } },
      ],
    });
    expect(bundle.status).toBe(200);
    expect(bundle.body.entry![0].response!.status).toMatch(/^404/);
    expect((bundle.body.entry![1].resource as Searchset).total).toBe(0);
    const answered = await answer(api, 'gp2', appointment, gpRole('gp'), 'declined');
    expect(answered.status).toBeGreaterThanOrEqual(400);
    expect(answered.status).toBeLessThan(500);
    const after = await stored(api, appointment);
    expect(after.meta?.versionId).toBe(before.meta?.versionId);
    expect((await get('ehr', `AppointmentResponse?appointment=Appointment/${appointment.id}`)).body.total).toBe(1);
  });

  it('the quality team and a narrow system client get no consultation at all', async () => {
    expect((await get('quality', `Appointment?_id=${appointment.id}`)).status).toBe(403);
    expect((await get('quality', `AppointmentResponse/${response.id}`)).status).toBe(403);
    expect((await get('reporting', `Appointment/${appointment.id}`)).status).toBe(403);
    expect((await get('lowthreshold', `Appointment?_id=${appointment.id}`)).body.total).toBe(0);
  });

  describe('calendars', () => {
    let schedule: Resource;

    beforeAll(async () => {
      const created = await callAs<Resource>(api, 'gp', 'POST', '/fhir/R4/Schedule', { resourceType: 'Schedule', active: true, actor: [{ reference: gpRole('gp') }] });
      expect(created.status).toBe(201);
      schedule = created.body;
    });

    it('are read by every clinician and the quality team', async () => {
      for (const user of ['gp2', 'coordinator', 'quality']) expect((await get(user, `Schedule/${schedule.id}`)).status).toBe(200);
      expect((await get('gp2', `Schedule?actor=${gpRole('gp')}&_id=${schedule.id}`)).body.total).toBe(1);
    });

    it("are written by their practitioner and system clients, not by another GP", async () => {
      const slot = (status: string) => ({ resourceType: 'Slot', schedule: { reference: `Schedule/${schedule.id}` }, status, ...timeOptions(450)() });
      const own = await callAs<Resource>(api, 'gp', 'POST', '/fhir/R4/Slot', slot('busy-unavailable'));
      expect(own.status).toBe(201);
      expect((await callAs(api, 'ehr', 'POST', '/fhir/R4/Slot', slot('free'))).status).toBe(201);
      expect((await callAs(api, 'gp2', 'POST', '/fhir/R4/Slot', slot('free'))).status).toBe(403);
      expect((await callAs(api, 'gp2', 'PUT', `/fhir/R4/Schedule/${schedule.id}`, { ...schedule, actor: [{ reference: gpRole('gp2') }] })).status).toBe(403);
      expect((await callAs(api, 'gp2', 'DELETE', `/fhir/R4/Slot/${own.body.id}`)).status).toBe(403);
      expect((await callAs(api, 'quality', 'POST', '/fhir/R4/Slot', slot('free'))).status).toBe(403);
    });
  });
});
