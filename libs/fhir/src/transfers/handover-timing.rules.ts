/**
 * When a discharge hand-over's dates make sense: admitted no later than discharged, discharged no later than
 * now (a hand-over is sent at or after discharge), and a task's due date, when the hospital gives one, a real
 * day no earlier than the discharge day. One place for the API (which refuses the hand-over) and the web
 * form (which says so beside the field before sending). Plain TypeScript: the browser imports it.
 */

/** How far a discharge may lie ahead of Bro's clock: a sending system's clock a little fast is not nonsense. */
export const DISCHARGE_CLOCK_SKEW_MS = 10 * 60_000;

export type StayProblem = 'admission-not-a-time' | 'discharge-not-a-time' | 'admission-in-future' | 'discharge-in-future' | 'discharge-before-admission';
export type DueDateProblem = 'not-a-date' | 'before-discharge';

const OSLO_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });
const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar day in Bergen (YYYY-MM-DD) of an instant. */
export function osloDay(instant: Date): string {
  return OSLO_DAY.format(instant);
}

/** Whether `value` is a real calendar day written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDay(value: string): boolean {
  const match = CALENDAR_DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What is wrong with a stay's admission and discharge (either may be missing: then only the other is checked). */
export function stayProblem(admittedAt: Date | undefined, dischargedAt: Date | undefined, now: Date): StayProblem | undefined {
  if (admittedAt && Number.isNaN(admittedAt.getTime())) return 'admission-not-a-time';
  if (dischargedAt && Number.isNaN(dischargedAt.getTime())) return 'discharge-not-a-time';
  const latest = now.getTime() + DISCHARGE_CLOCK_SKEW_MS;
  if (dischargedAt && dischargedAt.getTime() > latest) return 'discharge-in-future';
  if (admittedAt && admittedAt.getTime() > latest) return 'admission-in-future';
  if (admittedAt && dischargedAt && dischargedAt.getTime() < admittedAt.getTime()) return 'discharge-before-admission';
  return undefined;
}

/**
 * What is wrong with a task's due date (YYYY-MM-DD): it must be a real day, and not before the day of the
 * discharge in Bergen (`earliest`; the web form passes today, as the coordinator sends at discharge).
 */
export function dueDateProblem(due: string, earliest: string): DueDateProblem | undefined {
  if (!isCalendarDay(due)) return 'not-a-date';
  return due < earliest ? 'before-discharge' : undefined;
}
