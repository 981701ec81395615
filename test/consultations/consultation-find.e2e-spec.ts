import { Resource } from '@app/fhir';
import { FhirService } from '../../apps/api/src/fhir/fhir.service';
import { ScheduleSlotsPlanner } from '../../apps/api/src/consultations/scheduling/schedule-slots.planner';
import { SlotHorizonExtender } from '../../apps/api/src/consultations/scheduling/slot-horizon.extender';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs } from '../support/transfers';
import { bergen, findTimes, newPractitionerRole, nextClockChange, plusDays, tuesdayIn, tuesdays, writeSchedule } from './consultation-times';

jest.setTimeout(120_000);

const startsOf = (bundle: Resource & { entry?: Array<{ resource: Resource; search: { mode: string } }> }) =>
  (bundle.entry ?? []).filter((entry) => entry.search.mode === 'match').map((entry) => entry.resource.start);

/**
 * `Appointment/$find` answers the times at which every practitioner asked for is free, from their Slots
 * (generated from the weekly rule on their Schedule) less what they are booked in, at the same Bergen
 * wall-clock time on both sides of a daylight-saving change.
 */
describe('Appointment/$find', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('finds 14:00 in Bergen on the Tuesdays before and after a daylight-saving change', async () => {
    const change = nextClockChange();
    const [before, after] = [plusDays(change.sunday, -5), plusDays(change.sunday, 2)];
    const [doctor, gp] = [await newPractitionerRole(api, 'Lege'), await newPractitionerRole(api, 'Fastlege')];
    const horizon = bergen(plusDays(after, 7), '00:00');
    await writeSchedule(api, doctor, [tuesdays(before, '14:00', 60)], horizon);
    await writeSchedule(api, gp, [tuesdays(before, '13:00', 90)], horizon);

    const found = await findTimes(api, [
      ['start', bergen(plusDays(before, -1), '08:00').replace('.000Z', 'Z')],
      ['end', bergen(plusDays(after, 1), '16:00').replace('.000Z', 'Z')],
      ['practitioner', doctor],
      ['practitioner', gp],
      ['minutes-duration', '30'],
      ['_count', '10'],
    ]);

    expect(found.status).toBe(200);
    // Both doctors are free 14:00–14:30 only; Bergen's 14:00 is 13:00Z in winter and 12:00Z in summer.
    const [winterHour, summerHour] = ['13', '12'];
    expect(startsOf(found.body)).toEqual([
      `${before}T${change.spring ? winterHour : summerHour}:00:00.000Z`,
      `${after}T${change.spring ? summerHour : winterHour}:00:00.000Z`,
    ]);
    const first = found.body.entry![0].resource;
    expect(first).toMatchObject({ resourceType: 'Appointment', status: 'proposed', minutesDuration: 30 });
    expect((first.participant as Array<{ actor: { reference: string }; status: string }>).map((p) => [p.actor.reference, p.status])).toEqual([
      [doctor, 'needs-action'],
      [gp, 'needs-action'],
    ]);
  });

  it('finds only what is free for all: partial availability and time blocked as busy', async () => {
    const [first, second] = [tuesdayIn(21), tuesdayIn(28)];
    const [doctor, gp] = [await newPractitionerRole(api, 'Lege'), await newPractitionerRole(api, 'Fastlege')];
    await writeSchedule(api, doctor, [tuesdays(first, '14:15', 105)]);
    await writeSchedule(api, gp, [tuesdays(first, '14:00', 60)]);
    // The GP blocks 14:00–14:30 of the first Tuesday (already taken) with a busy Slot over it.
    const schedules = await callAs<Resource & { entry?: Array<{ resource: Resource }> }>(api, 'ehr', 'GET', `/fhir/R4/Schedule?actor=${gp}`);
    const busy = await callAs(api, 'ehr', 'POST', '/fhir/R4/Slot', {
      resourceType: 'Slot',
      schedule: { reference: `Schedule/${schedules.body.entry![0].resource.id}` },
      status: 'busy-unavailable',
      start: bergen(first, '14:00'),
      end: bergen(first, '14:30'),
    });
    expect(busy.status).toBe(201);

    const found = await findTimes(api, [
      ['start', bergen(plusDays(first, -1), '08:00').replace('.000Z', 'Z')],
      ['end', bergen(plusDays(second, 1), '16:00').replace('.000Z', 'Z')],
      ['practitioner', `${doctor},${gp}`],
      ['minutes-duration', '30'],
    ]);

    expect(found.status).toBe(200);
    expect(startsOf(found.body)).toEqual([bergen(first, '14:30'), bergen(second, '14:15'), bergen(second, '14:30')]);

    // The same question as a Parameters body by POST.
    const posted = await callAs<Resource & { entry?: Array<{ resource: Resource; search: { mode: string } }> }>(api, 'coordinator', 'POST', '/fhir/R4/Appointment/$find', {
      resourceType: 'Parameters',
      parameter: [
        { name: 'start', valueDateTime: bergen(plusDays(first, -1), '08:00') },
        { name: 'end', valueDateTime: bergen(plusDays(second, 1), '16:00') },
        { name: 'practitioner', valueReference: { reference: doctor } },
        { name: 'practitioner', valueReference: { reference: gp } },
        { name: 'minutes-duration', valuePositiveInt: 30 },
        { name: '_count', valueInteger: 2 },
      ],
    });
    expect(posted.status).toBe(200);
    expect(startsOf(posted.body)).toEqual([bergen(first, '14:30'), bergen(second, '14:15')]);

    // Nobody is free for 90 minutes together: an empty answer that says so.
    const none = await findTimes(api, [
      ['start', bergen(plusDays(first, -1), '08:00').replace('.000Z', 'Z')],
      ['end', bergen(plusDays(second, 1), '16:00').replace('.000Z', 'Z')],
      ['practitioner', `${doctor},${gp}`],
      ['minutes-duration', '90'],
    ]);
    expect(none.status).toBe(200);
    expect(none.body.entry).toHaveLength(1);
    expect(none.body.entry![0].search.mode).toBe('outcome');
  });

  it("generates a Schedule's Slots once, and withdraws the free ones of a rule that went", async () => {
    const tuesday = tuesdayIn(7);
    const doctor = await newPractitionerRole(api, 'Lege');
    const schedule = await writeSchedule(api, doctor, [tuesdays(tuesday, '10:00', 60)]);
    const slotsNow = async () => {
      const found = await callAs<Resource & { entry?: Array<{ resource: Resource }> }>(api, 'ehr', 'GET', `/fhir/R4/Slot?schedule=Schedule/${schedule.id}&_count=200`);
      return (found.body.entry ?? []).map((entry) => entry.resource);
    };
    const generated = await slotsNow();
    // Every Tuesday from the first one to twelve weeks from now, 10:00–11:00 in Bergen.
    expect(generated.length).toBeGreaterThanOrEqual(10);
    expect(generated.every((slot) => slot.status === 'free' && new Date(String(slot.start)).toLocaleTimeString('en-GB', { timeZone: 'Europe/Oslo' }) === '10:00:00')).toBe(true);
    const blocked = await callAs<Resource>(api, 'ehr', 'POST', '/fhir/R4/Slot', { resourceType: 'Slot', schedule: { reference: `Schedule/${schedule.id}` }, status: 'busy-unavailable', start: bergen(tuesday, '12:00'), end: bergen(tuesday, '13:00') });
    expect(blocked.status).toBe(201);

    const again = await callAs<Resource>(api, 'ehr', 'PUT', `/fhir/R4/Schedule/${schedule.id}`, schedule, { 'If-Match': `W/"${schedule.meta?.versionId}"` });
    expect(again.status).toBe(200);
    const afterAgain = await slotsNow();
    expect(afterAgain.map((slot) => slot.id).sort()).toEqual([...generated.map((slot) => slot.id), blocked.body.id].sort());

    const wednesdays = { ...tuesdays(tuesday, '10:00', 60) };
    wednesdays.extension = wednesdays.extension.map((part) => (part.url === 'rrule' ? { url: 'rrule', valueString: 'FREQ=WEEKLY;BYDAY=WE' } : part));
    const moved = await callAs<Resource>(api, 'ehr', 'PUT', `/fhir/R4/Schedule/${schedule.id}`, { ...again.body, extension: [wednesdays] }, { 'If-Match': `W/"${again.body.meta?.versionId}"` });
    expect(moved.status).toBe(200);
    const afterMove = await slotsNow();
    const weekday = (slot: Resource) => new Date(String(slot.start)).toLocaleDateString('en-GB', { timeZone: 'Europe/Oslo', weekday: 'long' });
    expect(afterMove.filter((slot) => slot.status === 'free').every((slot) => weekday(slot) === 'Wednesday')).toBe(true);
    expect(afterMove.filter((slot) => slot.status === 'free').length).toBeGreaterThanOrEqual(10);
    expect(afterMove.filter((slot) => generated.some((old) => old.id === slot.id))).toEqual([]);
    expect(afterMove.some((slot) => slot.id === blocked.body.id)).toBe(true);

    const badRule = await callAs(api, 'ehr', 'PUT', `/fhir/R4/Schedule/${schedule.id}`, { ...moved.body, extension: [{ url: 'urn:bro:extension:recurring-availability', extension: [{ url: 'rrule', valueString: 'FREQ=WEEKLY;BYHOUR=10' }] }] }, { 'If-Match': `W/"${moved.body.meta?.versionId}"` });
    expect(badRule.status).toBe(422);
  });

  it('rolls the horizon forward: a week on, the Tuesday that came within twelve weeks gets its Slot, and nothing twice', async () => {
    const doctor = await newPractitionerRole(api, 'Lege');
    const schedule = await writeSchedule(api, doctor, [tuesdays(tuesdayIn(0), '10:00', 60)]);
    const count = async () => (await callAs<{ total: number }>(api, 'ehr', 'GET', `/fhir/R4/Slot?schedule=Schedule/${schedule.id}&_summary=count`)).body.total;
    const before = await count();
    const extender = new SlotHorizonExtender(api.app.get(FhirService), api.app.get(ScheduleSlotsPlanner, { strict: false }));
    await extender.extendAll(new Date(Date.now() + 7 * 86_400_000));
    expect(await count()).toBe(before + 1);
    await extender.extendAll(new Date(Date.now() + 7 * 86_400_000));
    expect(await count()).toBe(before + 1);
  });

  it('refuses callers who do not plan consultations, and questions it cannot answer', async () => {
    const doctor = await newPractitionerRole(api, 'Lege');
    const window: Array<[string, string]> = [
      ['start', bergen(tuesdayIn(7), '08:00').replace('.000Z', 'Z')],
      ['end', bergen(tuesdayIn(14), '08:00').replace('.000Z', 'Z')],
      ['practitioner', doctor],
    ];
    for (const user of ['gp', 'gp2', 'quality']) expect((await findTimes(api, window, user)).status).toBe(403);
    expect((await findTimes(api, window, 'ehr')).status).toBe(200);
    expect((await findTimes(api, [...window.slice(0, 2), ['practitioner', 'Patient/x']])).status).toBe(400);
    expect((await findTimes(api, [['start', '2026-02-30T08:00:00Z'], ['end', '2026-03-02T08:00:00Z'], ['practitioner', doctor]])).status).toBe(400);
    expect((await findTimes(api, [...window, ['minutes-duration', '300']])).status).toBe(400);
    expect((await findTimes(api, [...window, ['_count', '51']])).status).toBe(400);
  });
});
