import Client from 'fhir-kit-client';
import { Resource } from '@app/fhir';
import { ConsultationDetail, ConsultationOutcomeAnswer, ConsultationPage, ConsultationSummary } from '@app/fhir/api/consultation-answers';
import { TestApi, startTestApi } from '../support/test-api';
import { testDirectory } from '../support/test-directory';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';
import { bergen, tuesdayIn, tuesdays, writeSchedule } from './consultation-times';

jest.setTimeout(120_000);

interface Stay {
  encounterId: string;
  patientId: string;
  taskIds: string[];
}

/**
 * The /api endpoints of the planner and the GP, through real HTTP as the web app calls them: the coordinator
 * proposes from a discharge, the GP answers and the consultation books (the booked time then no longer
 * offered); the outcome changes the hand-over Tasks all together or not at all; the other GP and the quality
 * team see nothing.
 */
describe('/api/consultations', () => {
  let api: TestApi;
  let ehr: Client;

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
  });
  afterAll(async () => {
    await api.close();
  });

  async function dischargeWithTwoTasks(): Promise<Stay> {
    const { response, tasks } = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')), categories: ['PROVESVAR', 'KONTROLL'] }));
    const resources = (response.entry ?? []).map((entry) => entry.resource!);
    return {
      encounterId: resources.find((resource) => resource.resourceType === 'Encounter')!.id!,
      patientId: resources.find((resource) => resource.resourceType === 'Patient')!.id!,
      taskIds: tasks.map((task) => task.id!),
    };
  }

  async function proposeAndBook(stay: Stay, option: { start: string; end: string }): Promise<ConsultationSummary> {
    const proposed = await callAs<{ consultation: ConsultationSummary }>(api, 'coordinator', 'POST', '/api/consultations', {
      encounterId: stay.encounterId,
      hospitalDoctor: testDirectory().demoPractitionerRoles.coordinator,
      patientAttends: false,
      minutesDuration: 30,
      options: [option],
      description: 'Video: https://video.example.no/room/api-test',
    });
    expect(proposed.status).toBe(201);
    const answered = await callAs<{ consultation: ConsultationSummary }>(api, 'gp', 'POST', `/api/consultations/${proposed.body.consultation.id}/answer`, { answer: 'accept', option });
    expect(answered.status).toBe(200);
    expect(answered.body.consultation.status).toBe('booked');
    return answered.body.consultation;
  }

  const task = async (id: string) => (await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Task/${id}`)).body;
  /** A whole list, page by page (other files' consultations share the demo users' lists); a refused first page as it came. */
  const list = async (user: string, name: string) => {
    const first = await callAs<ConsultationPage>(api, user, 'GET', `/api/consultations?list=${name}&pageSize=100`);
    if (first.status !== 200) return first;
    const consultations = [...first.body.consultations];
    for (let page = 2; consultations.length < first.body.total; page++) {
      const more = (await callAs<ConsultationPage>(api, user, 'GET', `/api/consultations?list=${name}&pageSize=100&page=${page}`)).body.consultations;
      if (more.length === 0) break;
      consultations.push(...more);
    }
    return { ...first, body: { ...first.body, consultations } };
  };
  const ids = (page: ConsultationPage) => page.consultations.map((c) => c.id);

  it('proposes from a discharge, lists it per role, books on the GP\'s yes and offers that time no more', async () => {
    const tuesday = tuesdayIn(35);
    const doctor = testDirectory().demoPractitionerRoles.coordinator;
    await writeSchedule(api, doctor, [tuesdays(tuesday, '14:00', 60)]);
    await writeSchedule(api, gpRole('gp'), [tuesdays(tuesday, '14:00', 60)]);
    const times = async () =>
      callAs<{ options: Array<{ start: string }> }>(
        api,
        'coordinator',
        'GET',
        `/api/consultations/times?${new URLSearchParams({ practitioner: `${doctor},${gpRole('gp')}`, start: bergen(tuesday, '14:00'), end: bergen(tuesday, '15:00'), minutesDuration: '30', count: '10' })}`,
      );
    const offered = await times();
    expect(offered.status).toBe(200);
    expect(offered.body.options.map((o) => o.start)).toEqual([bergen(tuesday, '14:00'), bergen(tuesday, '14:15'), bergen(tuesday, '14:30')]);

    const stay = await dischargeWithTwoTasks();
    const option = { start: bergen(tuesday, '14:00'), end: bergen(tuesday, '14:30') };
    const proposed = await callAs<{ consultation: ConsultationSummary }>(api, 'coordinator', 'POST', '/api/consultations', {
      encounterId: stay.encounterId,
      hospitalDoctor: doctor,
      patientAttends: false,
      minutesDuration: 30,
      options: [option],
      description: 'Video: https://video.example.no/room/api-test',
    });
    expect(proposed.status).toBe(201);
    const id = proposed.body.consultation.id;
    expect(proposed.body.consultation).toMatchObject({ status: 'proposed', encounterId: stay.encounterId, patient: { id: stay.patientId } });
    expect(proposed.body.consultation.taskIds.sort()).toEqual([...stay.taskIds].sort());

    expect(ids((await list('coordinator', 'awaiting-answers')).body)).toContain(id);
    expect(ids((await list('gp', 'invitations')).body)).toContain(id);
    expect(ids((await list('gp2', 'invitations')).body)).not.toContain(id);
    expect((await list('quality', 'upcoming')).status).toBe(403);
    expect((await callAs(api, 'gp2', 'GET', `/api/consultations/${id}`)).status).toBe(404);
    expect((await callAs(api, 'quality', 'GET', `/api/consultations/${id}`)).status).toBe(404);
    expect((await callAs(api, 'gp2', 'POST', `/api/consultations/${id}/answer`, { answer: 'accept' })).status).toBe(404);

    const accepted = await callAs<{ consultation: ConsultationSummary }>(api, 'gp', 'POST', `/api/consultations/${id}/answer`, { answer: 'accept', option });
    expect(accepted.status).toBe(200);
    expect(accepted.body.consultation).toMatchObject({ status: 'booked', start: option.start, myStatus: 'accepted', description: 'Video: https://video.example.no/room/api-test' });
    expect(ids((await list('gp', 'upcoming')).body)).toContain(id);
    expect(ids((await list('gp', 'invitations')).body)).not.toContain(id);
    expect(ids((await list('coordinator', 'upcoming')).body)).toContain(id);
    expect(ids((await list('gp2', 'upcoming')).body)).not.toContain(id);

    // Booked: both are taken 14:00–14:30, so only 14:30 is left of that hour.
    expect((await times()).body.options.map((o) => o.start)).toEqual([bergen(tuesday, '14:30')]);

    const detail = await callAs<ConsultationDetail>(api, 'gp', 'GET', `/api/consultations/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.tasks.map((t) => t.id).sort()).toEqual([...stay.taskIds].sort());
  });

  it("shows the coordinator a GP's other time and a decline with its reason", async () => {
    const tuesday = tuesdayIn(49);
    const options = [
      { start: bergen(tuesday, '10:00'), end: bergen(tuesday, '10:30') },
      { start: bergen(tuesday, '11:00'), end: bergen(tuesday, '11:30') },
    ];
    const proposeFor = async () => {
      const stay = await dischargeWithTwoTasks();
      const proposed = await callAs<{ consultation: ConsultationSummary }>(api, 'coordinator', 'POST', '/api/consultations', {
        encounterId: stay.encounterId,
        hospitalDoctor: testDirectory().demoPractitionerRoles.coordinator,
        patientAttends: true,
        minutesDuration: 30,
        options,
      });
      expect(proposed.status).toBe(201);
      return proposed.body.consultation.id;
    };
    const [other, declined] = [await proposeFor(), await proposeFor()];
    const later = { start: bergen(tuesday, '15:00'), end: bergen(tuesday, '15:30') };
    expect((await callAs(api, 'gp', 'POST', `/api/consultations/${other}/answer`, { answer: 'propose', time: later, comment: 'Passer bedre' })).status).toBe(200);
    expect((await callAs(api, 'gp', 'POST', `/api/consultations/${declined}/answer`, { answer: 'decline', reason: 'Ikke behov, avklart på telefon' })).status).toBe(200);
    expect((await callAs(api, 'gp', 'POST', `/api/consultations/${declined}/answer`, { answer: 'decline' })).status).toBe(400);
    expect((await callAs(api, 'gp', 'POST', `/api/consultations/${declined}/answer`, { answer: 'accept', patientId: 'x' })).status).toBe(400);

    const awaiting = (await list('coordinator', 'awaiting-answers')).body.consultations;
    expect(awaiting.find((c) => c.id === other)?.answers).toEqual([expect.objectContaining({ actor: gpRole('gp'), status: 'tentative', proposed: later, comment: 'Passer bedre' })]);
    const refusal = (await callAs<ConsultationDetail>(api, 'coordinator', 'GET', `/api/consultations/${declined}`)).body.consultation;
    expect(refusal.answers).toEqual([expect.objectContaining({ actor: gpRole('gp'), status: 'declined', comment: 'Ikke behov, avklart på telefon' })]);
    expect(refusal.participants.find((p) => p.role === 'gp')?.status).toBe('declined');
  });

  it('records the outcome on the Tasks all at once, and a refusal of one changes none', async () => {
    const stay = await dischargeWithTwoTasks();
    const tuesday = tuesdayIn(42);
    const booked = await proposeAndBook(stay, { start: bergen(tuesday, '09:00'), end: bergen(tuesday, '09:30') });
    const [kept, taken] = stay.taskIds;
    const outcome = {
      note: 'Sykehuset tar prøvesvaret, fastlegen kontrollen.',
      tasks: [
        { id: kept, outcome: 'SYKEHUSET-BEHOLDER' },
        { id: taken, outcome: 'FASTLEGEN-OVERTAR' },
      ],
    };

    // One task seen at a version it no longer has: that refusal takes the whole outcome with it.
    const stale = { ...outcome, tasks: [outcome.tasks[0], { ...outcome.tasks[1], version: 99 }] };
    const refused = await callAs(api, 'coordinator', 'POST', `/api/consultations/${booked.id}/outcome`, stale);
    expect(refused.status).toBe(412);
    expect([(await task(kept)).status, (await task(taken)).status]).toEqual(['requested', 'requested']);
    expect((await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Appointment/${booked.id}`)).body.status).toBe('booked');
    const replacements = await callAs<{ total: number }>(api, 'ehr', 'GET', `/fhir/R4/Task?encounter=Encounter/${stay.encounterId}&_summary=count`);
    expect(replacements.body.total).toBe(2);

    expect((await callAs(api, 'gp2', 'POST', `/api/consultations/${booked.id}/outcome`, outcome)).status).toBe(404);
    expect((await callAs(api, 'quality', 'POST', `/api/consultations/${booked.id}/outcome`, outcome)).status).toBe(403);

    // The planning coordinator records the agreed split, "the GP takes it" included (the consultation agreed it).
    const recorded = await callAs<ConsultationOutcomeAnswer>(api, 'coordinator', 'POST', `/api/consultations/${booked.id}/outcome`, outcome);
    expect(recorded.status).toBe(200);
    expect(recorded.body.consultation).toMatchObject({ status: 'fulfilled', comment: outcome.note });
    const appointmentLink = { url: 'urn:bro:extension:agreed-in-consultation', valueReference: { reference: `Appointment/${booked.id}` } };

    const cancelled = await task(kept);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.statusReason).toMatchObject({ coding: [{ system: 'urn:bro:consultation-outcome', code: 'SYKEHUSET-BEHOLDER' }] });
    expect(cancelled.extension).toEqual(expect.arrayContaining([appointmentLink]));

    const accepted = await task(taken);
    expect(accepted.status).toBe('accepted');
    expect(accepted.statusReason).toMatchObject({ coding: [{ system: 'urn:bro:consultation-outcome', code: 'FASTLEGEN-OVERTAR' }] });
    expect(accepted.extension).toEqual(expect.arrayContaining([appointmentLink]));

    const replacementId = recorded.body.tasks.find((t) => t.id === kept)!.replacedBy!;
    const replacement = await task(replacementId);
    expect(replacement.owner).toEqual(cancelled.requester);
    expect(replacement.for).toEqual(cancelled.for);
    expect(replacement.extension).toEqual(expect.arrayContaining([{ url: 'urn:bro:extension:replaces-task', valueReference: { reference: `Task/${kept}` } }, appointmentLink]));
  });
  it('lets the planning coordinator call a consultation off with a coded reason, and no GP', async () => {
    const stay = await dischargeWithTwoTasks();
    const tuesday = tuesdayIn(56);
    const booked = await proposeAndBook(stay, { start: bergen(tuesday, '09:00'), end: bergen(tuesday, '09:30') });
    const cancel = (user: string, body: unknown) => callAs<{ consultation: ConsultationSummary }>(api, user, 'POST', `/api/consultations/${booked.id}/cancel`, body);
    const stored = async () => (await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Appointment/${booked.id}`)).body;

    expect((await cancel('gp', { reason: 'prov' })).status).toBe(403);
    expect((await cancel('gp2', { reason: 'prov' })).status).toBe(403);
    expect((await cancel('coordinator', { reason: 'no-such-reason' })).status).toBe(400);
    // "Other" says what: the lifecycle rule refuses it without text.
    expect((await cancel('coordinator', { reason: 'other' })).status).toBe(422);
    expect((await cancel('coordinator', { reason: 'prov', version: booked.version + 5 })).status).toBe(412);
    expect((await stored()).status).toBe('booked');

    const cancelled = await cancel('coordinator', { reason: 'other', text: 'Pasienten flytter til Oslo', version: booked.version });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.consultation.status).toBe('cancelled');
    expect((await stored()).cancelationReason).toEqual({
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason', code: 'other', display: 'Annet' }],
      text: 'Pasienten flytter til Oslo',
    });
    expect(ids((await list('coordinator', 'upcoming')).body)).not.toContain(booked.id);
    expect(ids((await list('gp', 'upcoming')).body)).not.toContain(booked.id);
  });
});
