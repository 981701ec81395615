/** A stretch of time in epoch milliseconds: from `start` (inclusive) to `end` (exclusive). */
export interface Interval {
  start: number;
  end: number;
}

/**
 * Sets of time as sorted, disjoint, non-touching intervals, and the set operations availability needs.
 * Each operation is one sweep over its sorted inputs: linear in the number of intervals, whatever
 * their length.
 */

/** Sorted and merged: overlapping or touching intervals become one; empty ones vanish. */
export function normalizeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((interval) => interval.start < interval.end).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** The time in both (inputs normalized). */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const common: Interval[] = [];
  let [i, j] = [0, 0];
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i].start, b[j].start);
    const end = Math.min(a[i].end, b[j].end);
    if (start < end) common.push({ start, end });
    if (a[i].end < b[j].end) i += 1;
    else j += 1;
  }
  return common;
}

/** The time in `a` and not in `b` (inputs normalized). */
export function subtractIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const rest: Interval[] = [];
  let j = 0;
  for (const interval of a) {
    let start = interval.start;
    while (j < b.length && b[j].end <= start) j += 1;
    let k = j;
    while (k < b.length && b[k].start < interval.end) {
      if (b[k].start > start) rest.push({ start, end: b[k].start });
      start = Math.max(start, b[k].end);
      if (b[k].end > interval.end) break;
      k += 1;
    }
    j = k;
    if (start < interval.end) rest.push({ start, end: interval.end });
  }
  return rest;
}
