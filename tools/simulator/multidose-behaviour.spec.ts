import { TASK_CATEGORY_SYSTEM } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { dischargeHandoverEntries, handoverPatient } from './discharge-handover';
import {
  LATE_LIST_SHARE,
  MULTIDOSE_SHARE_75_PLUS,
  ageOn,
  decideListTiming,
  isOnMultidose,
  packedFromList,
  updateDueMs,
  withMedicationChange,
} from './multidose-behaviour';

const DRAWS = 20_000;
const NOW = new Date('2026-12-06T10:00:00Z');
const shareOf = <T>(items: T[], test: (item: T) => boolean) => items.filter(test).length / items.length;
const categoriesOf = (entries: ReturnType<typeof dischargeHandoverEntries>['entries']) =>
  entries.filter((e) => e.resource?.resourceType === 'Task').map((e) => (e.resource!.businessStatus as { coding: Array<{ system: string; code: string }> }).coding.find((c) => c.system === TASK_CATEGORY_SYSTEM)!.code);

function handover(categories: Array<'KONTROLL' | 'PROVESVAR' | 'MED-JUST' | 'RESEPT-NY'>) {
  return dischargeHandoverEntries({
    patient: handoverPatient('01015012345'),
    requester: 'Organization/unit',
    admittedAt: '2026-12-01T10:00:00Z',
    dischargedAt: NOW.toISOString(),
    tasks: categories.map((category) => ({ category })),
  });
}

describe('multidose in the simulation', () => {
  it('counts age in whole years, the birthday included', () => {
    expect(ageOn('1951-12-06', NOW)).toBe(75);
    expect(ageOn('1951-12-07', NOW)).toBe(74);
    expect(ageOn(undefined, NOW)).toBeUndefined();
    expect(ageOn('06.12.1951', NOW)).toBeUndefined();
  });

  it('puts the simulated share of patients of 75 and over on multidose, and nobody younger', () => {
    const random = new SeededRandom(1);
    const old = Array.from({ length: DRAWS }, () => isOnMultidose(random, '1940-03-01', NOW));
    const younger = Array.from({ length: DRAWS }, () => isOnMultidose(random, '1952-01-01', NOW));
    expect(shareOf(old, Boolean)).toBeCloseTo(MULTIDOSE_SHARE_75_PLUS, 1);
    expect(younger.some(Boolean)).toBe(false);
    expect(isOnMultidose(random, undefined, NOW)).toBe(false);
  });

  it('gives a multidose patient’s hand-over a medication change, keeping one that is there', () => {
    const random = new SeededRandom(2);
    const withoutChange = handover(['KONTROLL', 'PROVESVAR']);
    const changed = withMedicationChange(random, withoutChange.entries);
    expect(categoriesOf(changed)[0]).toMatch(/^(RESEPT-NY|MED-JUST)$/);
    expect(categoriesOf(changed)[1]).toBe('PROVESVAR');
    expect(changed).toHaveLength(withoutChange.entries.length);
    // The original plan is left as it was.
    expect(categoriesOf(withoutChange.entries)).toEqual(['KONTROLL', 'PROVESVAR']);
    const alreadyChanging = handover(['PROVESVAR', 'MED-JUST']);
    expect(withMedicationChange(random, alreadyChanging.entries)).toBe(alreadyChanging.entries);
    const both = new Set(Array.from({ length: 200 }, () => categoriesOf(withMedicationChange(random, handover(['KONTROLL']).entries))[0]));
    expect([...both].sort()).toEqual(['MED-JUST', 'RESEPT-NY']);
  });

  it('sends the updated list late about a quarter of the time, the others within the due date, never at once', () => {
    const random = new SeededRandom(3);
    const meanDelayMs = 60_000;
    const due = updateDueMs(meanDelayMs);
    expect(due).toBe(4 * meanDelayMs);
    const timings = Array.from({ length: DRAWS }, () => decideListTiming(random, meanDelayMs));
    expect(shareOf(timings, (t) => t.late)).toBeCloseTo(LATE_LIST_SHARE, 1);
    expect(timings.filter((t) => t.late).every((t) => t.delayMs > due)).toBe(true);
    expect(timings.filter((t) => !t.late).every((t) => t.delayMs < due)).toBe(true);
    // Never at the first look: the GP polls at most every 5 s, and the earliest list comes a mean delay later.
    expect(Math.min(...timings.map((t) => t.delayMs))).toBeGreaterThanOrEqual(meanDelayMs);
  });

  it('reports packing from the newest list the pharmacy has, now and then still the one before', () => {
    const random = new SeededRandom(4);
    const lists = { current: '2026-12-05T10:00:00Z', previous: '2026-11-01T10:00:00Z' };
    const packed = Array.from({ length: DRAWS }, () => packedFromList(random, lists));
    expect(shareOf(packed, (p) => p === lists.previous)).toBeCloseTo(0.1, 1);
    expect(packedFromList(random, { current: lists.current })).toBe(lists.current);
  });
});
