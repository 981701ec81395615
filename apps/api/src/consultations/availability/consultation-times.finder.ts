import { commonFreeIntervals } from './free-intervals';
import { Interval } from './intervals';
import { OSLO, offsetMsAt } from './wall-time';

export interface ConsultationTimeQuery {
  /** Per required participant, when they are free (see freeIntervalsOf). */
  freeByParticipant: ReadonlyArray<readonly Interval[]>;
  /** Only times inside it. */
  window: Interval;
  minutesDuration: number;
  /** How many start times at most. */
  count: number;
  /** Starts fall on whole multiples of this in local time (15: :00, :15, :30, :45). */
  stepMinutes?: number;
  /** Nothing before it: a time already begun is not offered. */
  now: number;
  timeZone?: string;
}

const MINUTE = 60_000;

/** The first instant at or after `instant` that falls on a whole step of local time in the zone. */
function alignUp(instant: number, stepMs: number, timeZone: string): number {
  const offset = offsetMsAt(instant, timeZone);
  const local = Math.ceil((instant + offset) / stepMs) * stepMs;
  const aligned = local - offsetMsAt(local - offset, timeZone);
  // A change of offset between the two readings (a DST change inside the step): try the next step.
  return aligned >= instant ? aligned : alignUp(instant + stepMs, stepMs, timeZone);
}

/**
 * The next start times (up to `count`) at which every required participant is free for the whole
 * duration, inside the window and not in the past, on whole steps of Bergen time. One sweep over the
 * participants' sorted free intervals, then a walk along the common ones that stops at `count`.
 */
export function findConsultationTimes(query: ConsultationTimeQuery): Interval[] {
  const { freeByParticipant, window, minutesDuration, count, now } = query;
  const stepMs = (query.stepMinutes ?? 15) * MINUTE;
  const durationMs = minutesDuration * MINUTE;
  const timeZone = query.timeZone ?? OSLO;
  if (count <= 0 || durationMs <= 0 || stepMs <= 0) return [];
  const earliest = Math.max(window.start, now);
  const times: Interval[] = [];
  for (const common of commonFreeIntervals(freeByParticipant)) {
    const end = Math.min(common.end, window.end);
    if (end - Math.max(common.start, earliest) < durationMs) continue;
    for (let start = alignUp(Math.max(common.start, earliest), stepMs, timeZone); start + durationMs <= end; start += stepMs) {
      times.push({ start, end: start + durationMs });
      if (times.length === count) return times;
    }
    if (common.start >= window.end) break;
  }
  return times;
}
