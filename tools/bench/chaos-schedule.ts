/**
 * When the chaos benchmark injects which fault. The full run is 10 minutes with a fault every 90 s from
 * the first minute on, each kind once, and three calm minutes at the end; a shorter `--duration` scales
 * the whole schedule (and the Redis outage) with it, for a smoke test.
 */
export enum FaultKind {
  RedisEmptied = 'Redis stopped, restarted empty',
  WorkerKilled = 'worker kill -9 mid-batch',
  RedisAway = 'Redis away',
  ApiKilled = 'API kill -9 mid-transaction',
  DatabaseCut = 'PostgreSQL connections terminated',
}

export interface PlannedFault {
  kind: FaultKind;
  /** Milliseconds after the load started. */
  atMs: number;
  /** How long Redis stays away (RedisAway only). */
  awayMs?: number;
}

export const FULL_RUN_MS = 600_000;
const FIRST_FAULT_MS = 60_000;
const FAULT_EVERY_MS = 90_000;
const REDIS_AWAY_MS = 30_000;
/** The shortest Redis outage a scaled-down run still injects. */
const MIN_REDIS_AWAY_MS = 3_000;
const ORDER = [FaultKind.RedisEmptied, FaultKind.WorkerKilled, FaultKind.RedisAway, FaultKind.ApiKilled, FaultKind.DatabaseCut];

export function chaosSchedule(durationMs: number): PlannedFault[] {
  const scale = durationMs / FULL_RUN_MS;
  return ORDER.map((kind, i) => ({
    kind,
    atMs: Math.round((FIRST_FAULT_MS + i * FAULT_EVERY_MS) * scale),
    ...(kind === FaultKind.RedisAway ? { awayMs: Math.max(MIN_REDIS_AWAY_MS, Math.round(REDIS_AWAY_MS * scale)) } : {}),
  }));
}
