import { instantOfWallTime, offsetMsAt, OSLO, wallTimeOf } from './wall-time';

const HOUR = 3_600_000;

/** The last Sunday of a month (1–12) in a year, as a UTC date. */
function lastSunday(year: number, month: number): { year: number; month: number; day: number } {
  const last = new Date(Date.UTC(year, month, 0));
  return { year, month, day: last.getUTCDate() - last.getUTCDay() };
}

/** Next year's changes: always ahead of the test's clock, whatever the date. */
const year = new Date().getUTCFullYear() + 1;
const spring = lastSunday(year, 3);
const autumn = lastSunday(year, 10);

describe('wall time in Bergen', () => {
  it('is UTC+1 in winter and UTC+2 in summer', () => {
    expect(offsetMsAt(Date.UTC(year, 0, 15, 12), OSLO)).toBe(HOUR);
    expect(offsetMsAt(Date.UTC(year, 6, 15, 12), OSLO)).toBe(2 * HOUR);
  });

  it('turns an ordinary wall time into its instant and back', () => {
    const instant = instantOfWallTime({ year, month: 1, day: 15, hour: 14, minute: 0 }, OSLO);
    expect(instant.toISOString()).toBe(new Date(Date.UTC(year, 0, 15, 13)).toISOString());
    expect(wallTimeOf(instant, OSLO)).toEqual({ year, month: 1, day: 15, hour: 14, minute: 0 });
  });

  it('reads a time in the spring gap with the offset from before it (RFC 5545), landing after the gap', () => {
    // 02:30 does not exist on the last Sunday of March: clocks go from 02:00 to 03:00.
    const instant = instantOfWallTime({ ...spring, hour: 2, minute: 30 }, OSLO);
    expect(instant.getTime()).toBe(Date.UTC(year, 2, spring.day, 1, 30));
    expect(wallTimeOf(instant, OSLO)).toMatchObject({ hour: 3, minute: 30 });
  });

  it('takes the first of the two 02:30s on the last Sunday of October', () => {
    expect(instantOfWallTime({ ...autumn, hour: 2, minute: 30 }, OSLO).getTime()).toBe(Date.UTC(year, 9, autumn.day, 0, 30));
    expect(instantOfWallTime({ ...autumn, hour: 3, minute: 30 }, OSLO).getTime()).toBe(Date.UTC(year, 9, autumn.day, 2, 30));
  });

  it('knows the day on each side of the change', () => {
    expect(instantOfWallTime({ ...spring, hour: 14, minute: 0 }, OSLO).getTime()).toBe(Date.UTC(year, 2, spring.day, 12));
    expect(instantOfWallTime({ ...autumn, hour: 14, minute: 0 }, OSLO).getTime()).toBe(Date.UTC(year, 9, autumn.day, 13));
  });
});
