import { percentile } from './latency-stats';

/** One delivery: when its change was committed and when the subscriber had it (ms since the epoch). */
export interface Arrival {
  committedAt: number;
  receivedAt: number;
}

export interface RecoveryOptions {
  windowMs: number;
  stepMs: number;
  /** A window whose p99 is at or above this is not recovered. */
  p99LimitMs: number;
}

export const ROLLING_WINDOW: RecoveryOptions = { windowMs: 1_000, stepMs: 100, p99LimitMs: 1_000 };

/**
 * How long after `endedAt` the p99 delivery latency of rolling windows (deliveries by the time they
 * arrived) stays below the limit for good, looking up to `horizon`: the end of the last window over the
 * limit, minus `endedAt` (0 when none was). Undefined when it is still over the limit at the horizon.
 * Windows without arrivals give no verdict: late deliveries show when they do arrive.
 */
export function recoveryMs(arrivals: Arrival[], endedAt: number, horizon: number, options: RecoveryOptions = ROLLING_WINDOW): number | undefined {
  const sorted = arrivals.filter((a) => a.receivedAt > endedAt - options.windowMs && a.receivedAt <= horizon).sort((a, b) => a.receivedAt - b.receivedAt);
  let lastOver: number | undefined;
  let from = 0;
  let to = 0;
  for (let end = endedAt; end <= horizon; end += options.stepMs) {
    while (to < sorted.length && sorted[to].receivedAt <= end) to++;
    while (from < to && sorted[from].receivedAt <= end - options.windowMs) from++;
    if (to === from) continue;
    const latencies = sorted
      .slice(from, to)
      .map((a) => a.receivedAt - a.committedAt)
      .sort((a, b) => a - b);
    if (percentile(latencies, 0.99) >= options.p99LimitMs) lastOver = end;
  }
  if (lastOver === undefined) return 0;
  if (lastOver + options.stepMs > horizon) return undefined;
  return lastOver - endedAt;
}
