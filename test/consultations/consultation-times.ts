import { Resource } from '@app/fhir';
import { TestApi } from '../support/test-api';
import { callAs } from '../support/transfers';
import { demoUnit } from '../support/test-directory';

const DAY = 86_400_000;

/** The UTC offset of Bergen at an instant, in minutes. */
function osloOffsetMinutes(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Oslo', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  return (Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - Math.floor(instant / 60_000) * 60_000) / 60_000;
}

/** The instant (ISO) of a wall-clock time in Bergen on a date (YYYY-MM-DD). */
export function bergen(date: string, time: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const floating = Date.UTC(year, month - 1, day, hour, minute);
  const guess = floating - osloOffsetMinutes(floating) * 60_000;
  return new Date(floating - osloOffsetMinutes(guess) * 60_000).toISOString();
}

/** The Bergen date (YYYY-MM-DD) of an instant. */
export function bergenDate(instant: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date(instant));
}

export function plusDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The last Sunday of a month (1–12) of a year, as YYYY-MM-DD. */
function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  return new Date(last.getTime() - last.getUTCDay() * DAY).toISOString().slice(0, 10);
}

/** The next daylight-saving change in Bergen (last Sunday of March or October) whose Tuesday before is at least two days away. */
export function nextClockChange(now: number = Date.now()): { sunday: string; spring: boolean } {
  const year = new Date(now).getUTCFullYear();
  const changes = [year, year + 1].flatMap((y) => [
    { sunday: lastSunday(y, 3), spring: true },
    { sunday: lastSunday(y, 10), spring: false },
  ]);
  return changes.find((change) => Date.parse(bergen(plusDays(change.sunday, -5), '00:00')) > now + 2 * DAY)!;
}

/** The next Tuesday in Bergen at least `days` days from now. */
export function tuesdayIn(days: number): string {
  let date = bergenDate(Date.now() + days * DAY);
  while (new Date(`${date}T12:00:00Z`).getUTCDay() !== 2) date = plusDays(date, 1);
  return date;
}

/** A new PractitionerRole at the demo unit, for one test: nobody else's bookings or calendars touch it. */
export async function newPractitionerRole(api: TestApi, name: string): Promise<string> {
  const practitioner = await callAs<Resource>(api, 'ehr', 'POST', '/fhir/R4/Practitioner', { resourceType: 'Practitioner', active: true, name: [{ family: name, given: ['Test'] }] });
  if (practitioner.status !== 201) throw new Error(`practitioner not created: ${practitioner.status} ${JSON.stringify(practitioner.body)}`);
  const role = await callAs<Resource>(api, 'ehr', 'POST', '/fhir/R4/PractitionerRole', {
    resourceType: 'PractitionerRole',
    active: true,
    practitioner: { reference: `Practitioner/${practitioner.body.id}` },
    organization: { reference: demoUnit() },
  });
  if (role.status !== 201) throw new Error(`role not created: ${role.status} ${JSON.stringify(role.body)}`);
  return `PractitionerRole/${role.body.id}`;
}

/** A weekly availability on Tuesdays from `localStart` for `minutes`, from `firstDay` on. */
export function tuesdays(firstDay: string, localStart: string, minutes: number) {
  return {
    url: 'urn:bro:extension:recurring-availability',
    extension: [
      { url: 'rrule', valueString: 'FREQ=WEEKLY;BYDAY=TU' },
      { url: 'firstDay', valueDate: firstDay },
      { url: 'localStart', valueTime: `${localStart}:00` },
      { url: 'minutesDuration', valuePositiveInt: minutes },
      { url: 'timeZone', valueCode: 'Europe/Oslo' },
    ],
  };
}

/** A Schedule for the role, written by the hospital's system; its free Slots are generated with it. */
export async function writeSchedule(api: TestApi, actor: string, availability: unknown[], horizonEnd?: string): Promise<Resource> {
  const created = await callAs<Resource>(api, 'ehr', 'POST', '/fhir/R4/Schedule', {
    resourceType: 'Schedule',
    active: true,
    actor: [{ reference: actor }],
    extension: availability,
    ...(horizonEnd ? { planningHorizon: { end: horizonEnd } } : {}),
  });
  if (created.status !== 201) throw new Error(`schedule not created: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

/** `$find` as the coordinator, by GET; the options' starts. */
export async function findTimes(api: TestApi, params: Array<[string, string]>, user = 'coordinator') {
  return callAs<Resource & { entry?: Array<{ resource: Resource; search: { mode: string } }> }>(api, user, 'GET', `/fhir/R4/Appointment/$find?${new URLSearchParams(params).toString()}`);
}
