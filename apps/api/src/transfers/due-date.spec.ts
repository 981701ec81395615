import { addDays, defaultDueDate, osloDate } from './due-date';

describe('due dates', () => {
  it('counts from the discharge day in Bergen, not in UTC', () => {
    // 23:30 UTC on 31 March is already 1 April in Oslo (summer time, UTC+2).
    expect(osloDate(new Date('2026-03-31T23:30:00Z'))).toBe('2026-04-01');
    expect(defaultDueDate(new Date('2026-03-31T23:30:00Z'), 7)).toBe('2026-04-08');
  });

  it('adds calendar days across month ends and DST changes', () => {
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
