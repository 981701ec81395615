import { recoveryMs } from './delivery-recovery';
import { FaultKind, chaosSchedule } from './chaos-schedule';

/** A delivery every 50 ms from `from` to `to`, each `latency` ms after its commit. */
function steady(from: number, to: number, latency: number) {
  return Array.from({ length: Math.floor((to - from) / 50) }, (_, i) => ({ committedAt: from + i * 50 - latency, receivedAt: from + i * 50 }));
}

describe('recovery after a fault', () => {
  it('is 0 when the p99 never went over the limit after the fault ended', () => {
    expect(recoveryMs(steady(0, 20_000, 40), 5_000, 20_000)).toBe(0);
  });

  it('ends with the last window whose p99 is over the limit', () => {
    // A backlog delivered from 5 s to 8 s, 4 s late; on time from then on.
    const arrivals = [...steady(5_000, 8_000, 4_000), ...steady(8_000, 20_000, 40)];
    expect(recoveryMs(arrivals, 5_000, 20_000)).toBe(3_900);
  });

  it('counts one straggler in a window: p99 is the worst of a small window', () => {
    const arrivals = [...steady(0, 20_000, 40), { committedAt: 0, receivedAt: 12_000 }];
    expect(recoveryMs(arrivals, 5_000, 20_000)).toBe(7_900);
  });

  it('is unknown when still over the limit at the horizon', () => {
    expect(recoveryMs(steady(5_000, 20_000, 2_000), 5_000, 20_000)).toBeUndefined();
  });
});

describe('the chaos schedule', () => {
  it('injects every kind of fault once, 90 s apart from the first minute, in a full run', () => {
    const schedule = chaosSchedule(600_000);
    expect(schedule.map((fault) => fault.atMs)).toEqual([60_000, 150_000, 240_000, 330_000, 420_000]);
    expect(new Set(schedule.map((fault) => fault.kind)).size).toBe(Object.keys(FaultKind).length);
    expect(schedule.find((fault) => fault.kind === FaultKind.RedisAway)?.awayMs).toBe(30_000);
  });

  it('scales with a shorter run', () => {
    const schedule = chaosSchedule(120_000);
    expect(schedule.map((fault) => fault.atMs)).toEqual([12_000, 30_000, 48_000, 66_000, 84_000]);
    expect(schedule.find((fault) => fault.kind === FaultKind.RedisAway)?.awayMs).toBe(6_000);
  });
});
