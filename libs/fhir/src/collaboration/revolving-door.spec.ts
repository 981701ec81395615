import { Resource } from '../fhir-types';
import {
  REVOLVING_DOOR,
  ageOn,
  indexStayOf,
  inReadmissionWindow,
  isElderlyOnDischargeDay,
  osloDayOf,
  revolvingDoorFlag,
  revolvingDoorFlagOf,
  isRevolvingDoorFlag,
  indexEncounterOf,
  REVOLVING_DOOR_TASK_EXTENSION,
} from './revolving-door';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Relative to the clock: the suite passes on any day. Noon in Oslo a week ago, so the discharge day is unambiguous.
const discharge = new Date(Math.floor((Date.now() - 7 * DAY) / DAY) * DAY + 11 * HOUR);
const dischargeDay = osloDayOf(discharge);

function stay(id: string, start: Date, end: Date | undefined, extra: Partial<Resource> = {}): { resource: Resource } {
  return {
    resource: {
      resourceType: 'Encounter',
      id,
      status: end ? 'finished' : 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      period: { start: start.toISOString(), ...(end ? { end: end.toISOString() } : {}) },
      ...extra,
    },
  };
}

const acute = { priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EM' }] } };
const elective = { priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EL' }] } };

/** A birth date that makes the patient exactly `years` old on the given day (their birthday that day). */
function bornYearsBefore(day: string, years: number): string {
  return `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;
}

const index = stay('index', new Date(discharge.getTime() - 4 * DAY), discharge);
const elderly = bornYearsBefore(dischargeDay, 70);

function readmittedAfter(ms: number, extra: Partial<Resource> = acute) {
  return stay('readmission', new Date(discharge.getTime() + ms), undefined, extra).resource;
}

describe('the revolving-door indicator', () => {
  it('counts a readmission 8 hours after discharge, not 7 hours 59 minutes', () => {
    expect(indexStayOf(readmittedAfter(8 * HOUR), [index], elderly)).toBe(index);
    expect(indexStayOf(readmittedAfter(8 * HOUR - MINUTE), [index], elderly)).toBeUndefined();
    expect(inReadmissionWindow(discharge, new Date(discharge.getTime() + REVOLVING_DOOR.earliestMs))).toBe(true);
  });

  it('counts a readmission 30 days after discharge, not 30 days and 1 minute', () => {
    expect(indexStayOf(readmittedAfter(30 * DAY), [index], elderly)).toBe(index);
    expect(indexStayOf(readmittedAfter(30 * DAY + MINUTE), [index], elderly)).toBeUndefined();
  });

  it('counts a patient who turns 67 on the discharge day, not one who turns 67 the day after', () => {
    const turns67 = bornYearsBefore(dischargeDay, 67);
    const nextDay = osloDayOf(new Date(discharge.getTime() + DAY));
    const turns67Tomorrow = bornYearsBefore(nextDay, 67);
    expect(isElderlyOnDischargeDay(turns67, discharge)).toBe(true);
    expect(isElderlyOnDischargeDay(turns67Tomorrow, discharge)).toBe(false);
    expect(indexStayOf(readmittedAfter(DAY), [index], turns67)).toBe(index);
    expect(indexStayOf(readmittedAfter(DAY), [index], turns67Tomorrow)).toBeUndefined();
  });

  it('reads the discharge day in Oslo: a discharge at 23:30 UTC in winter is the next day in Bergen', () => {
    expect(osloDayOf(new Date('2026-01-14T23:30:00Z'))).toBe('2026-01-15');
    expect(ageOn('1959-01-15', osloDayOf(new Date('2026-01-14T23:30:00Z')))).toBe(67);
    expect(ageOn('1959-01-15', '2026-01-14')).toBe(66);
  });

  it('takes a partial birth date at its latest possible day', () => {
    expect(ageOn('1959', '2026-12-30')).toBe(66);
    expect(ageOn('1959', '2026-12-31')).toBe(67);
    expect(ageOn('1959-02', '2026-02-27')).toBe(66);
    expect(ageOn('1959-02', '2026-02-28')).toBe(67);
    expect(ageOn('not a date', '2026-02-28')).toBeUndefined();
    expect(isElderlyOnDischargeDay(undefined, discharge)).toBe(false);
  });

  it('does not count an elective readmission, nor one without a priority, nor an outpatient visit', () => {
    expect(indexStayOf(readmittedAfter(2 * DAY, elective), [index], elderly)).toBeUndefined();
    expect(indexStayOf(readmittedAfter(2 * DAY, {}), [index], elderly)).toBeUndefined();
    const visit = { ...readmittedAfter(2 * DAY), class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' } };
    expect(indexStayOf(visit, [index], elderly)).toBeUndefined();
  });

  it('needs the index stay finished: a stay still in progress has no discharge', () => {
    const open = stay('open', new Date(discharge.getTime() - 4 * DAY), undefined);
    expect(indexStayOf(readmittedAfter(2 * DAY), [open], elderly)).toBeUndefined();
    const cancelled = { ...readmittedAfter(2 * DAY), status: 'cancelled' };
    expect(indexStayOf(cancelled, [index], elderly)).toBeUndefined();
  });

  it('takes the latest discharge the readmission came back from, and never the readmission itself', () => {
    const earlier = stay('earlier', new Date(discharge.getTime() - 12 * DAY), new Date(discharge.getTime() - 10 * DAY));
    const readmission = readmittedAfter(3 * DAY);
    expect(indexStayOf(readmission, [earlier, index], elderly)).toBe(index);
    // A transfer 2 hours after the discharge is no index of its own: the stay before it is.
    const transfer = stay('transfer', new Date(discharge.getTime() + 2 * DAY), new Date(discharge.getTime() + 3 * DAY - 4 * HOUR));
    expect(indexStayOf(readmission, [index, transfer], elderly)).toBe(index);
    expect(indexStayOf(readmission, [{ resource: { ...readmission, status: 'finished', period: { start: readmission.period, end: discharge.toISOString() } } }], elderly)).toBeUndefined();
  });

  it('writes one Flag naming the patient, the readmission and the index stay', () => {
    const readmission = readmittedAfter(3 * DAY);
    const flag = revolvingDoorFlag('Patient/p1', readmission, index.resource);
    expect(isRevolvingDoorFlag(flag)).toBe(true);
    expect(flag).toMatchObject({ status: 'active', subject: { reference: 'Patient/p1' }, encounter: { reference: 'Encounter/readmission' } });
    expect((flag.period as { start: string }).start).toBe((readmission.period as { start: string }).start);
    expect(indexEncounterOf(flag)).toBe('Encounter/index');
    expect(revolvingDoorFlagOf({ resourceType: 'Task', extension: [{ url: REVOLVING_DOOR_TASK_EXTENSION, valueReference: { reference: 'Flag/f1' } }] })).toBe('Flag/f1');
    expect(revolvingDoorFlagOf({ resourceType: 'Task' })).toBeUndefined();
  });
});
