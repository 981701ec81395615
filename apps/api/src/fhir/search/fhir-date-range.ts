/**
 * A FHIR date, dateTime or instant stands for a range as wide as its precision:
 * "2026-11" is all of November. Search compares these ranges, so values are kept as [start, end).
 */
export interface DateRange {
  start: Date;
  /** Exclusive. */
  end: Date;
}

const DATE_PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** The instants PostgreSQL and ISO strings can both carry: years 0001 to 9999 (no year 0000, no +010000). */
const FIRST_INSTANT = new Date(0);
FIRST_INSTANT.setUTCFullYear(1, 0, 1);
const LAST_INSTANT = new Date(0);
LAST_INSTANT.setUTCFullYear(9999, 11, 31);
LAST_INSTANT.setUTCHours(23, 59, 59, 999);

function daysInMonth(year: number, monthIndex: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex + 1, 0);
  return date.getUTCDate();
}

/**
 * The range a FHIR date stands for, or undefined for anything that is not a real calendar date
 * (year 0000, 1960-02-30, month 13, 25:00, offsets beyond ±14:00): such values are refused, never
 * rolled over into another day or handed on to the database.
 */
export function parseFhirDateRange(value: string): DateRange | undefined {
  const match = DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const y = Number(year);
  const mo = month ? Number(month) - 1 : 0;
  const d = day ? Number(day) : 1;
  if (y < 1 || mo < 0 || mo > 11 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59)) return undefined;
  if (zone && zone !== 'Z' && (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(4, 6)) > 59)) return undefined;
  let start: Date;
  let end: Date;
  if (hour === undefined) {
    // Dates without a time are taken in UTC so that a search answers the same on every server.
    // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0 to 99 as 1900 to 1999.
    start = new Date(0);
    start.setUTCFullYear(y, mo, d);
    end = new Date(start);
    if (!month) end.setUTCFullYear(y + 1);
    else if (!day) end.setUTCMonth(mo + 1);
    else end.setUTCDate(d + 1);
  } else {
    const iso = `${year}-${month}-${day}T${hour}:${minute}:${second ?? '00'}${fraction ?? ''}${zone ?? 'Z'}`;
    start = new Date(iso);
    if (Number.isNaN(start.getTime())) return undefined;
    const widthMs = second === undefined ? 60_000 : fraction === undefined ? 1_000 : 1;
    end = new Date(start.getTime() + widthMs);
  }
  if (start < FIRST_INSTANT || start > LAST_INSTANT) return undefined;
  // The end of 9999 is the first instant of 10000, which no ISO string PostgreSQL reads can name.
  if (end > LAST_INSTANT) end = new Date(LAST_INSTANT);
  return { start, end };
}

/** A Period or a single date-like value as a range; open ends are infinite. */
export function rangeOfElement(value: unknown): { start: string; end: string } | undefined {
  if (typeof value === 'string') {
    const range = parseFhirDateRange(value);
    return range && { start: range.start.toISOString(), end: range.end.toISOString() };
  }
  if (value && typeof value === 'object') {
    const period = value as { start?: unknown; end?: unknown };
    const start = typeof period.start === 'string' ? parseFhirDateRange(period.start)?.start.toISOString() : undefined;
    const end = typeof period.end === 'string' ? parseFhirDateRange(period.end)?.end.toISOString() : undefined;
    if (start === undefined && end === undefined) return undefined;
    return { start: start ?? '-infinity', end: end ?? 'infinity' };
  }
  return undefined;
}

/**
 * The range `ap` (approximately) compares with: FHIR recommends 10% of the gap between now and the
 * date. The search range is widened on both sides by a tenth of the time between now and its nearer
 * edge, so `ap` a year ago means give or take about five weeks, and `ap` today means today.
 */
export function approximateRange(range: DateRange, now: Date = new Date()): DateRange {
  const time = now.getTime();
  const gap = time < range.start.getTime() ? range.start.getTime() - time : time > range.end.getTime() ? time - range.end.getTime() : 0;
  const margin = gap / 10;
  const start = new Date(Math.max(range.start.getTime() - margin, FIRST_INSTANT.getTime()));
  const end = new Date(Math.min(range.end.getTime() + margin, LAST_INSTANT.getTime()));
  return { start, end };
}
