import { SeededRandom } from '../seed/seeded-random';
import { ArrivalSchedule } from './arrival-schedule';

describe('arrival schedule (open loop)', () => {
  it('spaces arrivals evenly at the rate without a random source, the first one at the start', () => {
    const schedule = new ArrivalSchedule(5, undefined, 1_000);
    expect(schedule.takeDue(999)).toBe(0);
    expect(schedule.takeDue(1_000)).toBe(1);
    expect(schedule.takeDue(1_199)).toBe(0);
    expect(schedule.takeDue(1_200)).toBe(1);
    // Ten seconds from the start: 50 arrivals in all (0, 200, ..., 9,800 ms).
    expect(schedule.takeDue(10_999)).toBe(48);
    expect(schedule.count).toBe(50);
    expect(schedule.nextDueMs).toBe(11_000);
  });

  it('handles rates below one per second', () => {
    const schedule = new ArrivalSchedule(0.2);
    expect(schedule.takeDue(59_999)).toBe(12);
    expect(schedule.nextDueMs).toBe(60_000);
  });

  it('does not wait for answers: arrivals missed while busy all come due at once', () => {
    const schedule = new ArrivalSchedule(100);
    schedule.takeDue(0);
    // The caller was away for a second (a slow answer, a GC pause): every arrival of that second is due now.
    expect(schedule.takeDue(1_000)).toBe(100);
  });

  it('draws exponential gaps with a random source, keeping the mean rate', () => {
    const schedule = new ArrivalSchedule(5, new SeededRandom(1).next);
    const arrivals = schedule.takeDue(10_000_000); // 10,000 s
    expect(arrivals / 10_000).toBeGreaterThan(4.9);
    expect(arrivals / 10_000).toBeLessThan(5.1);
  });

  it('varies the gaps the way independent arrivals do (coefficient of variation about 1)', () => {
    const schedule = new ArrivalSchedule(1, new SeededRandom(2).next);
    const gaps: number[] = [];
    let last = schedule.nextDueMs;
    for (let i = 0; i < 20_000; i++) {
      schedule.takeDue(schedule.nextDueMs);
      gaps.push(schedule.nextDueMs - last);
      last = schedule.nextDueMs;
    }
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeGreaterThan(970);
    expect(mean).toBeLessThan(1_030);
    expect(sd / mean).toBeGreaterThan(0.95);
    expect(sd / mean).toBeLessThan(1.05);
  });

  it.each([0, -1, NaN, Infinity])('refuses a rate of %s', (rate) => {
    expect(() => new ArrivalSchedule(rate)).toThrow(RangeError);
  });
});
