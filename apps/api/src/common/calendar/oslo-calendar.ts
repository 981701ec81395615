const OSLO_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Bergen (Europe/Oslo) of an instant, as YYYY-MM-DD. */
export function osloDate(instant: Date): string {
  return OSLO_DATE.format(instant);
}

/** A date (YYYY-MM-DD) plus whole days, counted on the calendar so DST changes do not shift it. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Day of the week of a date (YYYY-MM-DD): 0 Sunday … 6 Saturday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
