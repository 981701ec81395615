import { extensionOf, referenceOf } from '../element-access';
import { Resource } from '../fhir-types';

/**
 * Revolving-door patients: the national quality indicator for readmissions of the elderly
 * (Helsedirektoratet, nasjonalt kvalitetsindikatorsystem, "Reinnleggelser av eldre"): a patient aged 67 or
 * more on the day of discharge whose next acute admission starts between 8 hours and 30 days after that
 * discharge. Every bound is read from here — the write rule, the board, the simulator and the tests use
 * these — so Bro and the indicator cannot drift apart. See docs/directory.md#revolving-door-patients.
 */
export const REVOLVING_DOOR = {
  /** Age in whole years on the index discharge day (Europe/Oslo calendar), inclusive. */
  minimumAge: 67,
  /** Earliest readmission start after the index discharge, inclusive: sooner counts as a transfer between units or hospitals. */
  earliestMs: 8 * 3_600_000,
  /** Latest readmission start after the index discharge, inclusive: 30 × 24 hours of elapsed time. */
  latestMs: 30 * 86_400_000,
} as const;

/** `Flag.code` of a revolving-door patient. */
export const REVOLVING_DOOR_FLAG_CODE = {
  system: 'urn:bro:flag',
  code: 'revolving-door',
  display: 'Svingdørspasient: akutt reinnlagt 8 timer til 30 dager etter utskrivning',
} as const;

/** `Flag.extension`: the index stay (the discharge the readmission came after). */
export const REVOLVING_DOOR_INDEX_EXTENSION = 'urn:bro:extension:revolving-door-index-encounter';

/** `Task.extension` on the readmission's hand-over Tasks: the Flag they are marked by. */
export const REVOLVING_DOOR_TASK_EXTENSION = 'urn:bro:extension:revolving-door';

/**
 * How an Encounter says the admission was acute (øyeblikkelig hjelp): `Encounter.priority` coded EM in
 * HL7 v3 ActPriority. The national patient register's urgency ("hastegrad") 1, acute, maps to EM; UR
 * ("urgent") is left out, as hospitals also use it for planned admissions brought forward, which the
 * indicator does not count. An Encounter without a priority is not counted as acute.
 */
export const ACT_PRIORITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActPriority';
export const ACUTE_PRIORITY_CODES: readonly string[] = ['EM'];

/** `Encounter.class` (v3 ActCode) of a stay in a hospital bed: the indicator counts admissions, not outpatient visits. */
export const ENCOUNTER_CLASS_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const INPATIENT_CLASSES: readonly string[] = ['IMP', 'ACUTE', 'NONAC'];

/** Statuses of a stay that has not started (or never was): no readmission. */
const NOT_ADMITTED = ['planned', 'cancelled', 'entered-in-error'];

const OSLO_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in Europe/Oslo of an instant, YYYY-MM-DD. */
export function osloDayOf(instant: Date): string {
  return OSLO_DATE.format(instant);
}

function instant(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

function codingsOf(concept: unknown): Array<{ system?: unknown; code?: unknown }> {
  const codings = (concept as { coding?: unknown } | undefined)?.coding;
  return Array.isArray(codings) ? codings.filter((coding) => coding && typeof coding === 'object') : [];
}

/** When the stay began (`period.start`), for an Encounter that says so with a time. */
export function admissionTimeOf(encounter: Resource): Date | undefined {
  return instant((encounter.period as { start?: unknown } | undefined)?.start);
}

/** When the patient was discharged (`period.end`) from a finished stay; undefined while in hospital. */
export function dischargeTimeOf(encounter: Resource): Date | undefined {
  return encounter.status === 'finished' ? instant((encounter.period as { end?: unknown } | undefined)?.end) : undefined;
}

export function isInpatientStay(encounter: Resource): boolean {
  const klass = encounter.class as { system?: unknown; code?: unknown } | undefined;
  return klass?.system === ENCOUNTER_CLASS_SYSTEM && typeof klass.code === 'string' && INPATIENT_CLASSES.includes(klass.code);
}

export function isAcuteAdmission(encounter: Resource): boolean {
  return codingsOf(encounter.priority).some((coding) => coding.system === ACT_PRIORITY_SYSTEM && typeof coding.code === 'string' && ACUTE_PRIORITY_CODES.includes(coding.code));
}

/**
 * Age in whole years on a calendar day. A birth date given only as year or year-month (FHIR allows it) is
 * taken at its latest possible day, so a patient is counted as 67 only when they surely are.
 */
export function ageOn(birthDate: string, day: string): number | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(birthDate);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] ? Number(match[2]) : 12;
  const date = match[3] ? Number(match[3]) : new Date(Date.UTC(year, month, 0)).getUTCDate();
  const [dayYear, dayMonth, dayDate] = day.split('-').map(Number);
  const birthdayPassed = dayMonth > month || (dayMonth === month && dayDate >= date);
  return dayYear - year - (birthdayPassed ? 0 : 1);
}

/** Whether a patient born on `birthDate` is of the indicator's age on the day (Oslo) of `discharge`. */
export function isElderlyOnDischargeDay(birthDate: string | undefined, discharge: Date): boolean {
  const age = birthDate ? ageOn(birthDate, osloDayOf(discharge)) : undefined;
  return age !== undefined && age >= REVOLVING_DOOR.minimumAge;
}

/** Whether a readmission starting at `start` falls in the indicator's window after a discharge at `discharge`. */
export function inReadmissionWindow(discharge: Date, start: Date): boolean {
  const after = start.getTime() - discharge.getTime();
  return after >= REVOLVING_DOOR.earliestMs && after <= REVOLVING_DOOR.latestMs;
}

/** A discharge that may be an index stay: a finished inpatient stay of a patient who was 67 or more that day. */
export function isIndexDischarge(encounter: Resource, birthDate: string | undefined): boolean {
  const discharge = dischargeTimeOf(encounter);
  return discharge !== undefined && isInpatientStay(encounter) && isElderlyOnDischargeDay(birthDate, discharge);
}

/** An admission that may be a readmission: an acute inpatient stay that has begun. */
export function isAcuteReadmissionCandidate(encounter: Resource): boolean {
  return !NOT_ADMITTED.includes(String(encounter.status)) && isInpatientStay(encounter) && isAcuteAdmission(encounter) && admissionTimeOf(encounter) !== undefined;
}

/**
 * The index stay of a readmission: among the patient's other stays, the latest discharge the readmission
 * starts 8 hours to 30 days after (the one it came back from), when the patient was 67 or more that day;
 * undefined when the admission is no revolving-door readmission.
 */
export function indexStayOf<T extends { resource: Resource }>(readmission: Resource, others: T[], birthDate: string | undefined): T | undefined {
  if (!isAcuteReadmissionCandidate(readmission)) return undefined;
  const start = admissionTimeOf(readmission)!;
  let best: { stay: T; discharge: Date } | undefined;
  for (const stay of others) {
    if (stay.resource.id !== undefined && stay.resource.id === readmission.id) continue;
    const discharge = dischargeTimeOf(stay.resource);
    if (!discharge || !isIndexDischarge(stay.resource, birthDate) || !inReadmissionWindow(discharge, start)) continue;
    if (!best || discharge > best.discharge) best = { stay, discharge };
  }
  return best?.stay;
}

/** The revolving-door Flag of a readmission, as Bro writes it (status active). */
export function revolvingDoorFlag(patient: string, readmission: Resource, index: Resource): Resource {
  return {
    resourceType: 'Flag',
    status: 'active',
    code: { coding: [{ ...REVOLVING_DOOR_FLAG_CODE }], text: 'Svingdørspasient' },
    subject: { reference: patient },
    period: { start: (readmission.period as { start: string }).start },
    encounter: { reference: `Encounter/${readmission.id}` },
    extension: [{ url: REVOLVING_DOOR_INDEX_EXTENSION, valueReference: { reference: `Encounter/${index.id}` } }],
  };
}

export function isRevolvingDoorFlag(resource: Resource | undefined): boolean {
  return resource?.resourceType === 'Flag' && codingsOf(resource.code).some((coding) => coding.system === REVOLVING_DOOR_FLAG_CODE.system && coding.code === REVOLVING_DOOR_FLAG_CODE.code);
}

/** The Flag a hand-over Task is marked by (`Flag/<id>`), or undefined. */
export function revolvingDoorFlagOf(task: Resource): string | undefined {
  const extension = extensionOf(task, REVOLVING_DOOR_TASK_EXTENSION);
  return extension ? referenceOf(extension.valueReference) : undefined;
}

/** The index stay a revolving-door Flag names (`Encounter/<id>`). */
export function indexEncounterOf(flag: Resource): string | undefined {
  const extension = extensionOf(flag, REVOLVING_DOOR_INDEX_EXTENSION);
  return extension ? referenceOf(extension.valueReference) : undefined;
}
