/**
 * Local wall-clock times in a named time zone and the instants they denote. Bro stores instants (UTC)
 * and people plan in Bergen time; the step between the two is here, following RFC 5545 (iCalendar) where
 * a wall time is not one instant: in the spring gap (02:30 on the last Sunday of March does not exist
 * in Oslo) the offset before the gap applies, so it lands after the gap; in the autumn overlap (02:30
 * happens twice) the first occurrence counts.
 */
export interface WallTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export const OSLO = 'Europe/Oslo';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall time an instant shows in a time zone (seconds dropped). */
export function wallTimeOf(instant: Date, timeZone: string): WallTime {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

/** A wall time written as if it were UTC: the "floating" encoding recurrence libraries compute with. */
export function floatingMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
}

export function wallTimeOfFloating(floating: Date): WallTime {
  return { year: floating.getUTCFullYear(), month: floating.getUTCMonth() + 1, day: floating.getUTCDate(), hour: floating.getUTCHours(), minute: floating.getUTCMinutes() };
}

/** The zone's offset from UTC at an instant, in milliseconds (Oslo: +1 h in winter, +2 h in summer). */
export function offsetMsAt(instant: number, timeZone: string): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  const parts = formatterFor(timeZone).formatToParts(new Date(wholeSecond));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return asUtc - wholeSecond;
}

/** Wide enough to see the offsets on both sides of any one transition near a wall time. */
const AROUND = 14 * 3_600_000;

/** The instant a wall time denotes in a time zone (RFC 5545 rules for the gap and the overlap). */
export function instantOfWallTime(wall: WallTime, timeZone: string): Date {
  const floating = floatingMs(wall);
  const offsetBefore = offsetMsAt(floating - AROUND, timeZone);
  const offsetAfter = offsetMsAt(floating + AROUND, timeZone);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => floating - offset)
    .filter((instant) => offsetMsAt(instant, timeZone) === floating - instant)
    .sort((a, b) => a - b);
  // No candidate: the wall time falls in the spring gap; read it with the offset from before the gap.
  return new Date(candidates.length ? candidates[0] : floating - offsetBefore);
}
