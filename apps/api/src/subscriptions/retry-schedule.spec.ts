import { attemptsWithin, retryDelay } from './retry-schedule';

describe('rest-hook retry schedule', () => {
  it('doubles from the first delay, caps at an hour, and jitters by a quarter either way', () => {
    expect(retryDelay(1, 1000, () => 0.5)).toBe(1000);
    expect(retryDelay(4, 1000, () => 0.5)).toBe(8000);
    expect(retryDelay(30, 1000, () => 0.5)).toBe(3_600_000);
    expect(retryDelay(1, 1000, () => 0)).toBe(750);
    expect(retryDelay(1, 1000, () => 1)).toBe(1250);
  });

  it('keeps trying for the whole horizon even on the shortest jitter', () => {
    const attempts = attemptsWithin(24 * 3_600_000, 1000);
    let shortest = 0;
    for (let retry = 1; retry < attempts; retry++) shortest += retryDelay(retry, 1000, () => 0);
    expect(shortest).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(attempts).toBeLessThan(60);
  });
});
