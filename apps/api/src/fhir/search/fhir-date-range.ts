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

export function parseFhirDateRange(value: string): DateRange | undefined {
  const match = DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const y = Number(year);
  const mo = month ? Number(month) - 1 : 0;
  const d = day ? Number(day) : 1;
  if (mo > 11 || d < 1 || d > 31) return undefined;
  if (hour === undefined) {
    // Dates without a time are taken in UTC so that a search answers the same on every server.
    const start = new Date(Date.UTC(y, mo, d));
    const end = new Date(start);
    if (!month) end.setUTCFullYear(y + 1);
    else if (!day) end.setUTCMonth(mo + 1);
    else end.setUTCDate(d + 1);
    return { start, end };
  }
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second ?? '00'}${fraction ?? ''}${zone ?? 'Z'}`;
  const start = new Date(iso);
  if (Number.isNaN(start.getTime())) return undefined;
  const widthMs = second === undefined ? 60_000 : fraction === undefined ? 1_000 : 1;
  return { start, end: new Date(start.getTime() + widthMs) };
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
