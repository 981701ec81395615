import { recurrenceRuleProblem } from './rrule.adapter';
import { OSLO, WallTime } from './wall-time';

/**
 * A practitioner's recurring availability for joint consultations, kept on their Schedule as one
 * extension per rule ("Tuesdays 14:00–15:00", "every other Thursday 08:00–08:30"):
 *
 * ```json
 * { "url": "urn:bro:extension:recurring-availability", "extension": [
 *   { "url": "rrule", "valueString": "FREQ=WEEKLY;BYDAY=TU" },
 *   { "url": "firstDay", "valueDate": "2026-01-06" },
 *   { "url": "localStart", "valueTime": "14:00:00" },
 *   { "url": "minutesDuration", "valuePositiveInt": 60 },
 *   { "url": "timeZone", "valueCode": "Europe/Oslo" } ] }
 * ```
 *
 * The rule holds only which days (RFC 5545 RRULE, days not hours); the wall-clock start and the length
 * sit beside it, so "14:00" stays 14:00 in Bergen in summer and winter. `firstDay` anchors INTERVAL and
 * COUNT; the Schedule's planningHorizon (and an UNTIL in the rule) bound it. The time zone defaults to Oslo.
 * Slots are generated from it; the Schedule stays the one place the rule is written.
 */
export const RECURRING_AVAILABILITY_EXTENSION = 'urn:bro:extension:recurring-availability';

export interface RecurringAvailability {
  rule: string;
  firstDay: WallTime;
  minutesDuration: number;
  timeZone: string;
}

interface Extension {
  url?: string;
  extension?: Extension[];
  valueString?: string;
  valueDate?: string;
  valueTime?: string;
  valuePositiveInt?: number;
  valueCode?: string;
}

export type ParsedAvailability = { availability: RecurringAvailability } | { problem: string };

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** One recurring-availability extension read and checked: the rule, or what is wrong with it. */
export function parseRecurringAvailability(extension: Extension): ParsedAvailability {
  const value = (url: string) => extension.extension?.find((part) => part?.url === url);
  const rule = value('rrule')?.valueString;
  const firstDay = value('firstDay')?.valueDate;
  const localStart = value('localStart')?.valueTime;
  const minutesDuration = value('minutesDuration')?.valuePositiveInt;
  const timeZone = value('timeZone')?.valueCode ?? OSLO;
  if (!rule) return { problem: 'recurring availability needs its rule (rrule, e.g. FREQ=WEEKLY;BYDAY=TU)' };
  const ruleProblem = recurrenceRuleProblem(rule);
  if (ruleProblem) return { problem: ruleProblem };
  if (!firstDay || !/^\d{4}-\d{2}-\d{2}$/.test(firstDay)) return { problem: 'recurring availability needs firstDay as a date (YYYY-MM-DD)' };
  const time = localStart?.match(/^([01]\d|2[0-3]):([0-5]\d)(:00)?$/);
  if (!time) return { problem: 'recurring availability needs localStart as a wall-clock time on the minute (HH:MM:00)' };
  if (!Number.isInteger(minutesDuration) || minutesDuration! <= 0 || minutesDuration! > 24 * 60) {
    return { problem: 'recurring availability needs minutesDuration as whole minutes, at most a day' };
  }
  if (!isKnownTimeZone(timeZone)) return { problem: `"${timeZone}" is not a time zone (use an IANA name such as Europe/Oslo)` };
  const [year, month, day] = firstDay.split('-').map(Number);
  return { availability: { rule, firstDay: { year, month, day, hour: Number(time[1]), minute: Number(time[2]) }, minutesDuration: minutesDuration!, timeZone } };
}

/** Every recurring availability on a Schedule, or the first problem found. */
export function recurringAvailabilitiesOf(schedule: { extension?: unknown }): { availabilities: RecurringAvailability[] } | { problem: string } {
  const extensions = (Array.isArray(schedule.extension) ? (schedule.extension as Extension[]) : []).filter((extension) => extension?.url === RECURRING_AVAILABILITY_EXTENSION);
  const availabilities: RecurringAvailability[] = [];
  for (const extension of extensions) {
    const parsed = parseRecurringAvailability(extension);
    if ('problem' in parsed) return parsed;
    availabilities.push(parsed.availability);
  }
  return { availabilities };
}
