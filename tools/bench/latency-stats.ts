/** Latency samples in milliseconds, summarised the way the benchmark tables print them. */
export interface LatencySummary {
  count: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

/** The middle of sorted values (the mean of the two middle ones for an even count). */
export function median(sorted: number[]): number {
  if (sorted.length === 0) return NaN;
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarise(samples: number[], errors: number, seconds: number): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: samples.length,
    errors,
    seconds,
    perSecond: samples.length / seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** Merges the runs of one contender (interleaved rounds) into one summary. */
export function merge(runs: Array<{ samples: number[]; errors: number; seconds: number }>): LatencySummary {
  return summarise(
    runs.flatMap((r) => r.samples),
    runs.reduce((n, r) => n + r.errors, 0),
    runs.reduce((n, r) => n + r.seconds, 0),
  );
}
