/**
 * Fixture dates relative to the test's clock, so the suite passes on any day of any year: a fixed
 * day drifts into the past, and then due dates fall due and overdue reminders fire in tests that
 * count notifications.
 */
const DAY_MS = 86_400_000;

/** The instant `days` days from now (negative: ago), as an ISO string. */
export function daysFromNow(days: number, from: Date = new Date()): string {
  return new Date(from.getTime() + days * DAY_MS).toISOString();
}

/** The instant `days` days before `instant`, as an ISO string. */
export function daysBefore(instant: string, days: number): string {
  return new Date(new Date(instant).getTime() - days * DAY_MS).toISOString();
}

/** The UTC calendar date (YYYY-MM-DD) `days` days from now. */
export function utcDateFromNow(days: number): string {
  return daysFromNow(days).slice(0, 10);
}

/** A calendar date (YYYY-MM-DD) plus whole days. */
export function addCalendarDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Last year (by the test's clock): for fixtures that must lie wholly in the past. */
export function lastYear(): number {
  return new Date().getUTCFullYear() - 1;
}

function bergenDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(instant);
}

/**
 * A moment ago (ISO), but never yesterday in Bergen: a test that counts "today" and "this week" and
 * runs in the first minute after midnight takes now instead.
 */
export function momentAgoToday(seconds = 60, now: Date = new Date()): string {
  const earlier = new Date(now.getTime() - seconds * 1000);
  return (bergenDate(earlier) === bergenDate(now) ? earlier : now).toISOString();
}
