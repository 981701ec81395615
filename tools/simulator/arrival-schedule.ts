/**
 * When the next discharge happens, open loop: arrival times are fixed in advance from the rate, so a
 * slow answer from Bro never delays the next hand-over (a hospital does not wait for one patient's
 * hand-over before discharging the next).
 *
 * Discharges arrive independently of one another, so the gaps are exponential (a Poisson process)
 * when a random source is given; without one they are evenly spaced, which is what tests want.
 */
import { RandomSource } from '../seed/seeded-random';

export class ArrivalSchedule {
  private nextAtMs: number;
  private scheduled = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly random?: RandomSource,
    /** Time of the first arrival; later ones follow at the rate. */
    startMs = 0,
  ) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new RangeError(`the rate must be a positive number, got ${ratePerSecond}`);
    this.nextAtMs = startMs;
  }

  /** How many arrivals were scheduled so far (taken with {@link takeDue}). */
  get count(): number {
    return this.scheduled;
  }

  /** When the next arrival is due. */
  get nextDueMs(): number {
    return this.nextAtMs;
  }

  /** Takes every arrival due at or before `nowMs` (those not yet taken) and returns how many there were. */
  takeDue(nowMs: number): number {
    let due = 0;
    while (this.nextAtMs <= nowMs) {
      due++;
      this.scheduled++;
      this.nextAtMs += this.gapMs();
    }
    return due;
  }

  private gapMs(): number {
    const meanMs = 1000 / this.ratePerSecond;
    if (!this.random) return meanMs;
    // Inverse transform of the exponential distribution; 1 - u keeps log away from zero.
    return -Math.log(1 - this.random()) * meanMs;
  }
}
