const HOUR = 3_600_000;

/** Delay before retry `attempt` (1 = first retry): doubling from `first`, capped at an hour, with ±25% jitter. */
export function retryDelay(attempt: number, first: number, random: () => number = Math.random): number {
  const base = Math.min(first * 2 ** (attempt - 1), HOUR);
  return Math.round(base * (0.75 + random() * 0.5));
}

/** How many attempts (the first and its retries) keep trying for at least `horizon` milliseconds. */
export function attemptsWithin(horizon: number, first: number): number {
  let elapsed = 0;
  let attempts = 1;
  while (elapsed < horizon) {
    elapsed += Math.min(first * 2 ** (attempts - 1), HOUR) * 0.75;
    attempts += 1;
  }
  return attempts;
}
