import Client from 'fhir-kit-client';
import { APPOINTMENT_STATUSES, OPTIONS_PROPOSED_AT_EXTENSION, PLANNING_UNIT_EXTENSION, Resource, UNUSED_APPOINTMENT_STATUSES, refusalOfAppointmentMove } from '@app/fhir';
import { TestApi, startTestApi } from '../support/test-api';
import { demoUnit } from '../support/test-directory';
import { gpRole } from '../support/transfers';
import { answer, consultation, diagnostics, discharge, Discharge, propose, stored, timeOptions, write } from './consultation-fixtures';

jest.setTimeout(60_000);

const extensionOf = (resource: Resource, url: string) => (resource.extension as Array<{ url: string; valueInstant?: string; valueReference?: { reference: string } }> | undefined)?.find((e) => e.url === url);
const cancelled = (code: string, system = 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason', text?: string) => ({
  status: 'cancelled',
  cancelationReason: { coding: [{ system, code }], ...(text ? { text } : {}) },
});

/** The consultation lifecycle table through HTTP: each move by the right party, and refused for the wrong one or when it does not exist. */
describe('joint consultation lifecycle', () => {
  let api: TestApi;
  let ehr: Client;
  let stay: Discharge;
  const next = timeOptions(400);

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    stay = await discharge(ehr);
  });
  afterAll(() => api.close());

  it('is proposed by the coordinator, for their unit, with the time the options were proposed', async () => {
    const before = Date.now();
    const created = await propose(api, consultation(stay, [next(), next()]));
    expect(created).toMatchObject({ status: 'proposed' });
    expect(created).not.toHaveProperty('start');
    expect(extensionOf(created, PLANNING_UNIT_EXTENSION)?.valueReference?.reference).toBe(demoUnit());
    expect(Date.parse(extensionOf(created, OPTIONS_PROPOSED_AT_EXTENSION)!.valueInstant!)).toBeGreaterThanOrEqual(before - 1000);
    const found = await callFhir('coordinator', `Appointment?planning-unit=${demoUnit()}&_id=${created.id}`);
    expect(found.body.total).toBe(1);
  });

  it('is proposed by nobody else, and never created past proposed', async () => {
    const body = consultation(stay, [next()]);
    const asGp = await callFhir('gp', 'Appointment', 'POST', body);
    expect(asGp.status).toBe(403);
    expect(diagnostics(asGp.body)).toMatch(/only the planning hospital unit proposes a joint consultation/);
    const booked = await callFhir('coordinator', 'Appointment', 'POST', { ...body, status: 'booked' });
    expect(booked.status).toBe(409);
    expect(diagnostics(booked.body)).toMatch(/created as proposed/);
  });

  it('refuses participants without the roles, requirements or options a consultation needs', async () => {
    const body = consultation(stay, [next()]);
    const participants = body.participant as Array<Record<string, unknown>>;
    const optionalGp = await callFhir('coordinator', 'Appointment', 'POST', { ...body, participant: [participants[0], { ...participants[1], required: 'optional' }, participants[2]] });
    expect(optionalGp.status).toBe(422);
    expect(diagnostics(optionalGp.body)).toMatch(/GP participant.required must be required/);
    const noGp = await callFhir('coordinator', 'Appointment', 'POST', { ...body, participant: [participants[0], participants[2]] });
    expect(noGp.status).toBe(422);
    const { requestedPeriod: _options, ...withoutOptions } = body;
    const noOptions = await callFhir('coordinator', 'Appointment', 'POST', withoutOptions);
    expect(noOptions.status).toBe(422);
  });

  it('goes proposed → booked by the answers only (system), and a coordinator cannot book it', async () => {
    const [a, b] = [next(), next()];
    const created = await propose(api, consultation(stay, [a, b]));
    const forced = await write(api, 'coordinator', created, { status: 'booked', start: a.start, end: a.end });
    expect(forced.status).toBe(403);
    expect(diagnostics(forced.body)).toMatch(/only Bro, from the answers may move a consultation from proposed to booked/);

    const accepted = await answer(api, 'gp', created, gpRole('gp'), 'accepted', b);
    expect(accepted.status).toBe(201);
    const booked = await stored(api, created);
    expect(booked).toMatchObject({ status: 'booked', start: b.start, end: b.end, minutesDuration: 30, requestedPeriod: [b] });
    expect((booked.participant as Array<{ status: string }>).map((p) => p.status)).toEqual(['accepted', 'accepted', 'accepted']);
  });

  it('goes proposed → pending on a counter-proposal, back to proposed by the coordinator with new times', async () => {
    const created = await propose(api, consultation(stay, [next()]));
    const elsewhen = next();
    expect((await answer(api, 'gp', created, gpRole('gp'), 'tentative', { ...elsewhen, comment: 'Onsdag passer bedre' })).status).toBe(201);
    const pending = await stored(api, created);
    expect(pending.status).toBe('pending');
    const participants = (pending.participant as Array<Record<string, unknown>>).map((p, i) => (i === 1 ? { ...p, status: 'needs-action' } : p));
    const reproposed = await write(api, 'coordinator', pending, { status: 'proposed', requestedPeriod: [elsewhen], participant: participants });
    expect(reproposed.status).toBe(200);
    expect(Date.parse(extensionOf(reproposed.body, OPTIONS_PROPOSED_AT_EXTENSION)!.valueInstant!)).toBeGreaterThan(Date.parse(extensionOf(pending, OPTIONS_PROPOSED_AT_EXTENSION)!.valueInstant!));
    // Accepting the new time books it at once.
    expect((await answer(api, 'gp', created, gpRole('gp'), 'accepted', elsewhen)).status).toBe(201);
    expect(await stored(api, created)).toMatchObject({ status: 'booked', start: elsewhen.start });
  });

  describe('once booked', () => {
    let option: { start: string; end: string };
    let booked: Resource;

    beforeEach(async () => {
      option = next();
      const created = await propose(api, consultation(stay, [option]));
      expect((await answer(api, 'gp', created, gpRole('gp'), 'accepted')).status).toBe(201);
      booked = await stored(api, created);
      expect(booked.status).toBe('booked');
    });

    it('goes back to pending when the GP withdraws, and loses its time', async () => {
      expect((await answer(api, 'gp', booked, gpRole('gp'), 'declined', { comment: 'Syk' })).status).toBe(201);
      const pending = await stored(api, booked);
      expect(pending.status).toBe('pending');
      expect(pending).not.toHaveProperty('start');
      expect((pending.participant as Array<{ status: string }>)[1].status).toBe('declined');
    });

    it('is rebooked by the coordinator: new options, earlier answers no longer count', async () => {
      const later = next();
      const rebooked = await write(api, 'coordinator', booked, { status: 'proposed', requestedPeriod: [later] });
      expect(rebooked.status).toBe(200);
      expect(rebooked.body).toMatchObject({ status: 'proposed', requestedPeriod: [later] });
      expect(rebooked.body).not.toHaveProperty('start');
      // The GP's earlier "any time" answer predates the new options: they are asked again, the doctor who never answered is not.
      expect((rebooked.body.participant as Array<{ status: string }>).map((p) => p.status)).toEqual(['accepted', 'needs-action', 'accepted']);
      expect((await answer(api, 'gp', booked, gpRole('gp'), 'accepted', later)).status).toBe(201);
      expect(await stored(api, booked)).toMatchObject({ status: 'booked', start: later.start });
    });

    it('arrives and is fulfilled (coordinator, then the participating GP); the GP cannot make the coordinator\'s moves', async () => {
      const byGp = await write(api, 'gp', booked, { status: 'arrived' });
      expect(byGp.status).toBe(403);
      expect(diagnostics(byGp.body)).toMatch(/only the planning hospital unit may move a consultation from booked to arrived/);
      const edit = await write(api, 'gp', booked, { description: 'Video: https://elsewhere.example.no' });
      expect(edit.status).toBe(403);
      const arrived = await write(api, 'coordinator', booked, { status: 'arrived' });
      expect(arrived.status).toBe(200);
      const fulfilled = await write(api, 'gp', arrived.body, { status: 'fulfilled' });
      expect(fulfilled.status).toBe(200);
      const again = await write(api, 'coordinator', fulfilled.body, { status: 'booked' });
      expect(again.status).toBe(409);
      expect(diagnostics(again.body)).toMatch(/cannot go from fulfilled to booked \(fulfilled is final\)/);
    });

    it('is cancelled by the coordinator only, with a coded reason, and then final but for entered-in-error', async () => {
      expect((await write(api, 'gp', booked, cancelled('prov'))).status).toBe(403);
      const noReason = await write(api, 'coordinator', booked, { status: 'cancelled' });
      expect(noReason.status).toBe(422);
      const otherWithoutText = await write(api, 'coordinator', booked, cancelled('other'));
      expect(otherWithoutText.status).toBe(422);
      expect(diagnostics(otherWithoutText.body)).toMatch(/needs the reason as text/);
      const done = await write(api, 'coordinator', booked, cancelled('INGEN-FELLES-TID', 'urn:bro:consultation-cancellation-reason'));
      expect(done.status).toBe(200);
      const reopened = await write(api, 'coordinator', done.body, { status: 'proposed', cancelationReason: undefined });
      expect(reopened.status).toBe(409);
      const late = await answer(api, 'gp', booked, gpRole('gp'), 'accepted');
      expect(late.status).toBe(409);
      expect(diagnostics(late.body)).toMatch(/is cancelled: answers no longer change it/);
      expect((await write(api, 'coordinator', done.body, { status: 'entered-in-error' })).status).toBe(200);
    });

    it('frees the time it held once cancelled, so another consultation can be booked then', async () => {
      const done = await write(api, 'coordinator', booked, cancelled('pat'));
      expect(done.status).toBe(200);
      const other = await propose(api, consultation(stay, [option]));
      expect((await answer(api, 'gp', other, gpRole('gp'), 'accepted', option)).status).toBe(201);
      expect((await stored(api, other)).status).toBe('booked');
    });

    it('keeps the GP from being booked twice: a second consultation at an overlapping time is refused, naming the first', async () => {
      const overlapping = { start: new Date(Date.parse(option.start) + 15 * 60_000).toISOString(), end: new Date(Date.parse(option.end) + 15 * 60_000).toISOString() };
      const other = await propose(api, consultation(stay, [overlapping]));
      const refused = await answer(api, 'gp', other, gpRole('gp'), 'accepted', overlapping);
      expect(refused.status).toBe(409);
      expect(diagnostics(refused.body)).toContain(`already booked in Appointment/${booked.id}`);
      // Nothing of the refused answer stays: no answer stored, the consultation still proposed.
      expect((await stored(api, other)).status).toBe('proposed');
      const answers = await callFhir('ehr', `AppointmentResponse?appointment=Appointment/${other.id}`);
      expect(answers.body.total).toBe(0);
      // Back to back is no overlap: [start, end) ranges.
      const adjacent = { start: option.end, end: new Date(Date.parse(option.end) + 30 * 60_000).toISOString() };
      const third = await propose(api, consultation(stay, [adjacent]));
      expect((await answer(api, 'gp', third, gpRole('gp'), 'accepted', adjacent)).status).toBe(201);
      expect((await stored(api, third)).status).toBe('booked');
    });
  });

  describe('every move from booked and arrived, by the coordinator and by the participating GP, as the table says', () => {
    const users = { coordinator: 'coordinator', participant: 'gp' } as const;
    const bodyFor = (to: string) => (to === 'cancelled' ? cancelled('prov') : { status: to });
    const cases = (['booked', 'arrived'] as const).flatMap((from) =>
      APPOINTMENT_STATUSES.filter((to) => to !== from && !UNUSED_APPOINTMENT_STATUSES.includes(to)).flatMap((to) =>
        (['coordinator', 'participant'] as const).map((party) => {
          const refusal = refusalOfAppointmentMove(from, to, party);
          return [from, to, party, refusal ? (refusal.kind === 'wrong-party' ? 403 : 409) : 200] as const;
        }),
      ),
    );

    it.each(cases)('%s → %s by the %s: %i', async (from, to, party, expected) => {
      const created = await propose(api, consultation(stay, [next()]));
      expect((await answer(api, 'gp', created, gpRole('gp'), 'accepted')).status).toBe(201);
      let current = await stored(api, created);
      if (from === 'arrived') current = (await write(api, 'coordinator', current, { status: 'arrived' })).body;
      expect(current.status).toBe(from);
      const moved = await write(api, users[party], current, bodyFor(to));
      expect([moved.status, diagnostics(moved.body)]).toEqual([expected, expect.any(String)]);
      expect((await stored(api, created)).status).toBe(expected === 200 ? to : from);
    });
  });

  describe('answers', () => {
    it('come from the participant themselves; the coordinator answers for the patient, not for the GP', async () => {
      const created = await propose(api, consultation(stay, [next()]));
      const forGp = await answer(api, 'coordinator', created, gpRole('gp'), 'accepted');
      expect(forGp.status).toBe(403);
      expect(diagnostics(forGp.body)).toMatch(/answers for themselves/);
      const patient = (created.participant as Array<{ actor: { reference: string } }>)[2].actor.reference;
      expect((await answer(api, 'coordinator', created, patient, 'accepted')).status).toBe(201);
      expect((await answer(api, 'gp', created, patient, 'declined')).status).toBe(403);
    });

    it('are kept as given: no update, no delete', async () => {
      const created = await propose(api, consultation(stay, [next()]));
      const given = await answer(api, 'gp', created, gpRole('gp'), 'tentative');
      expect(given.status).toBe(201);
      const changed = await callFhir('gp', `AppointmentResponse/${given.body.id}`, 'PUT', { ...given.body, participantStatus: 'declined' });
      expect(changed.status).toBe(409);
      expect((await callFhir('gp', `AppointmentResponse/${given.body.id}`, 'DELETE')).status).toBe(409);
    });
  });

  function callFhir(user: string, path: string, method = 'GET', body?: unknown) {
    return import('../support/transfers').then(({ callAs }) => callAs<Resource & { total?: number }>(api, user, method, `/fhir/R4/${path}`, body));
  }
});
