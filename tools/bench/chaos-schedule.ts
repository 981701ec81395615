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

/** The short names `--faults` takes, for studying one fault at a time. */
export const FAULT_NAMES: Record<string, FaultKind> = {
  'redis-emptied': FaultKind.RedisEmptied,
  'worker-kill': FaultKind.WorkerKilled,
  'redis-away': FaultKind.RedisAway,
  'api-kill': FaultKind.ApiKilled,
  'database-cut': FaultKind.DatabaseCut,
};

/** The faults `--faults a,b` names (every one when absent), in the run's order; an unknown name throws. */
export function faultsNamed(list: string | undefined): FaultKind[] {
  if (!list) return ORDER;
  const named = list.split(',').map((name) => {
    const kind = FAULT_NAMES[name.trim()];
    if (!kind) throw new Error(`unknown fault "${name}"; one of ${Object.keys(FAULT_NAMES).join(', ')}`);
    return kind;
  });
  return ORDER.filter((kind) => named.includes(kind));
}

/** The chosen faults one every 90 s (scaled with the duration) from the first minute. */
export function chaosSchedule(durationMs: number, faults: FaultKind[] = ORDER): PlannedFault[] {
  const scale = durationMs / FULL_RUN_MS;
  return faults.map((kind, i) => ({
    kind,
    atMs: Math.round((FIRST_FAULT_MS + i * FAULT_EVERY_MS) * scale),
    ...(kind === FaultKind.RedisAway ? { awayMs: Math.max(MIN_REDIS_AWAY_MS, Math.round(REDIS_AWAY_MS * scale)) } : {}),
  }));
}
