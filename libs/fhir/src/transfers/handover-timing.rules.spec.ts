import { DISCHARGE_CLOCK_SKEW_MS, dueDateProblem, isCalendarDay, osloDay, stayProblem } from './handover-timing.rules';

describe("when a hand-over's dates make sense", () => {
  const now = new Date('2026-12-06T10:00:00Z');
  const hoursFromNow = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

  it('takes admitted, then discharged, then now', () => {
    expect(stayProblem(hoursFromNow(-72), hoursFromNow(-1), now)).toBeUndefined();
    expect(stayProblem(hoursFromNow(-72), now, now)).toBeUndefined();
    // A sender's clock a little fast is no reason to refuse.
    expect(stayProblem(hoursFromNow(-72), new Date(now.getTime() + DISCHARGE_CLOCK_SKEW_MS), now)).toBeUndefined();
  });

  it('refuses a discharge in the future, before the admission, or no time at all', () => {
    expect(stayProblem(hoursFromNow(-72), hoursFromNow(24 * 365), now)).toBe('discharge-in-future');
    expect(stayProblem(hoursFromNow(-1), hoursFromNow(-2), now)).toBe('discharge-before-admission');
    expect(stayProblem(hoursFromNow(5), undefined, now)).toBe('admission-in-future');
    expect(stayProblem(new Date('nonsense'), now, now)).toBe('admission-not-a-time');
    expect(stayProblem(undefined, new Date('nonsense'), now)).toBe('discharge-not-a-time');
  });

  it('takes a due date from the discharge day on, and refuses an earlier one or one that is no day', () => {
    expect(dueDateProblem('2026-12-06', '2026-12-06')).toBeUndefined();
    expect(dueDateProblem('2027-01-10', '2026-12-06')).toBeUndefined();
    expect(dueDateProblem('2020-03-01', '2026-12-06')).toBe('before-discharge');
    expect(dueDateProblem('2027-02-30', '2026-12-06')).toBe('not-a-date');
    expect(dueDateProblem('10.01.2027', '2026-12-06')).toBe('not-a-date');
  });

  it('reads the calendar day in Bergen', () => {
    expect(osloDay(new Date('2026-12-06T23:30:00Z'))).toBe('2026-12-07');
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2027-02-29')).toBe(false);
  });
});
