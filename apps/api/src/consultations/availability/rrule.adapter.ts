import { RRule } from 'rrule';
import { floatingMs, WallTime, wallTimeOfFloating } from './wall-time';

/**
 * The one place Bro touches `rrule`. It is used in floating time only: it enumerates the local dates a
 * rule hits (a wall time encoded as if it were UTC) and {@link instantOfWallTime} turns each into an instant.
 * rrule 2.8's own `tzid` support is deliberately not used: its results depend on the time zone of the
 * process running it (the same rule gives other instants on a server set to UTC than on a laptop in
 * Oslo), and it reads a wall time in the spring gap with the offset after the gap, against RFC 5545.
 */

/** Parts of an RRULE Bro does not accept: the start and zone are kept beside it; times of day come from the local start. */
const FORBIDDEN_PARTS = ['DTSTART', 'TZID', 'BYHOUR', 'BYMINUTE', 'BYSECOND', 'BYSETPOS'];
const ALLOWED_FREQUENCIES = [RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY];

/** Why an RRULE value will not do, or undefined when it is a rule of whole days Bro can expand. */
export function recurrenceRuleProblem(rule: string): string | undefined {
  const body = rule.trim().replace(/^RRULE:/i, '');
  if (!/^[A-Z]+=[^;\s]+(;[A-Z]+=[^;\s]+)*$/i.test(body)) return `"${rule}" is not an RRULE value such as FREQ=WEEKLY;BYDAY=TU`;
  const parts = body.split(';').map((part) => part.split('=')[0].toUpperCase());
  const forbidden = parts.find((part) => FORBIDDEN_PARTS.includes(part));
  if (forbidden) return `${forbidden} does not belong in the rule: the first day, local start and time zone are given beside it`;
  try {
    const options = RRule.parseString(body);
    if (options.freq === undefined || !ALLOWED_FREQUENCIES.includes(options.freq)) return 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY';
  } catch (error) {
    return `"${rule}" cannot be read: ${(error as Error).message}`;
  }
  return undefined;
}

/**
 * The local start times a rule yields, from the first day at the given local time, whose local date
 * lies between `fromDay` and `toDay` (inclusive wall times). The caller checks the rule first.
 */
export function localOccurrences(rule: string, first: WallTime, from: WallTime, to: WallTime): WallTime[] {
  const options = RRule.parseString(rule.trim().replace(/^RRULE:/i, ''));
  const recurrence = new RRule({ ...options, dtstart: new Date(floatingMs(first)), tzid: null });
  return recurrence.between(new Date(floatingMs(from)), new Date(floatingMs(to)), true).map(wallTimeOfFloating);
}
