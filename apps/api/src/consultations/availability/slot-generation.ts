import { Interval } from './intervals';
import { RecurringAvailability } from './recurring-availability';
import { localOccurrences } from './rrule.adapter';
import { floatingMs, instantOfWallTime, wallTimeOf, wallTimeOfFloating } from './wall-time';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * The occurrences of a recurring availability that overlap a window, as instants. Each starts at the
 * local start time on its day (in the rule's zone) and lasts its minutes in real time, so a Tuesday
 * 14:00–15:00 is 13:00–14:00Z in winter and 12:00–13:00Z in summer.
 */
export function availabilityOccurrences(availability: RecurringAvailability, window: Interval): Interval[] {
  const { rule, firstDay, minutesDuration, timeZone } = availability;
  // A day's margin on both sides in wall time: the zone's offset moves local dates against UTC ones.
  const from = wallTimeOfFloating(new Date(floatingMs(wallTimeOf(new Date(window.start - minutesDuration * MINUTE), timeZone)) - DAY));
  const to = wallTimeOfFloating(new Date(floatingMs(wallTimeOf(new Date(window.end), timeZone)) + DAY));
  return localOccurrences(rule, firstDay, from, to)
    .map((local) => instantOfWallTime(local, timeZone).getTime())
    .map((start) => ({ start, end: start + minutesDuration * MINUTE }))
    .filter((occurrence) => occurrence.end > window.start && occurrence.start < window.end);
}

/** A Slot generated from a Schedule's rule. */
export interface GeneratedSlot {
  resourceType: 'Slot';
  identifier: Array<{ system: string; value: string }>;
  schedule: { reference: string };
  status: 'free';
  start: string;
  end: string;
}

/**
 * Generated Slots carry this identifier (Schedule and start), so generating a horizon again creates only
 * what is missing (conditional create) and never a second Slot for the same time.
 */
export const GENERATED_SLOT_IDENTIFIER_SYSTEM = 'urn:bro:generated-slot';

/**
 * The free Slots a Schedule's rules give in a window, clipped to the Schedule's planning horizon, in
 * start order. Two rules giving the same time give one Slot.
 */
export function slotsFromAvailabilities(
  scheduleReference: string,
  availabilities: readonly RecurringAvailability[],
  window: Interval,
  planningHorizon?: { start?: string; end?: string },
): GeneratedSlot[] {
  const horizon = {
    start: Math.max(window.start, planningHorizon?.start ? Date.parse(planningHorizon.start) : -Infinity),
    end: Math.min(window.end, planningHorizon?.end ? Date.parse(planningHorizon.end) : Infinity),
  };
  if (!(horizon.start < horizon.end)) return [];
  const occurrences = availabilities.flatMap((availability) => availabilityOccurrences(availability, horizon)).sort((a, b) => a.start - b.start || a.end - b.end);
  const slots = new Map<string, GeneratedSlot>();
  for (const { start, end } of occurrences) {
    const [startIso, endIso] = [new Date(start).toISOString(), new Date(end).toISOString()];
    const key = `${startIso}/${endIso}`;
    if (!slots.has(key)) {
      slots.set(key, {
        resourceType: 'Slot',
        identifier: [{ system: GENERATED_SLOT_IDENTIFIER_SYSTEM, value: `${scheduleReference}/${key}` }],
        schedule: { reference: scheduleReference },
        status: 'free',
        start: startIso,
        end: endIso,
      });
    }
  }
  return [...slots.values()];
}
