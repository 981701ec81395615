import Holidays from 'date-holidays';
import { addDays, weekdayOf } from './oslo-calendar';

/**
 * Norwegian working days, for deadlines the law counts in them (the right to assessment of a
 * referral: 10 working days, pasient- og brukerrettighetsloven § 2-2): Monday to Friday, less the
 * public holidays (helligdager and 1 and 17 May). Christmas Eve and New Year's Eve are not public
 * holidays and count as working days. The holidays come from the maintained `date-holidays` package,
 * Easter-dependent ones included, so no one hand-computes Easter.
 */
const norway = new Holidays('NO');
const holidaysByYear = new Map<number, ReadonlySet<string>>();

/** The public holidays of a year, as YYYY-MM-DD. */
export function publicHolidays(year: number): ReadonlySet<string> {
  let holidays = holidaysByYear.get(year);
  if (!holidays) {
    holidays = new Set(norway.getHolidays(year).filter((holiday) => holiday.type === 'public').map((holiday) => holiday.date.slice(0, 10)));
    holidaysByYear.set(year, holidays);
  }
  return holidays;
}

export function isWorkingDay(date: string): boolean {
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6 && !publicHolidays(Number(date.slice(0, 4))).has(date);
}

/**
 * The date `days` working days after `date` (YYYY-MM-DD): the day the deadline falls on. The start
 * day itself does not count, so a referral received on a Friday with 1 working day is due Monday.
 */
export function addWorkingDays(date: string, days: number): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days are a whole number of at least 0, got ${days}`);
  let current = date;
  for (let counted = 0; counted < days; ) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) counted += 1;
  }
  return current;
}

/** Working days from `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let current = addDays(from, 1); current <= to; current = addDays(current, 1)) if (isWorkingDay(current)) count += 1;
  return count;
}
