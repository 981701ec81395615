import { addDays, osloDate, weekdayOf } from './oslo-calendar';

describe('the Oslo calendar', () => {
  it('dates an instant in Bergen, not in UTC', () => {
    // 23:30 UTC on 31 March is already 1 April in Oslo (summer time, UTC+2).
    expect(osloDate(new Date('2026-03-31T23:30:00Z'))).toBe('2026-04-01');
    expect(osloDate(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
  });

  it('adds calendar days across month ends and DST changes', () => {
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('knows the day of the week', () => {
    expect(weekdayOf('2026-12-05')).toBe(6);
    expect(weekdayOf('2026-12-07')).toBe(1);
  });
});
