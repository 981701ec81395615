/** Whether this process runs with its clock moved (tools/dev/test-a-year-ahead.sh preloads libfaketime). */
export const clockMoved = (process.env.LD_PRELOAD ?? '').includes('faketime');

/**
 * The environment for a child that must keep the real clock (Chromium crawls under libfaketime,
 * redis-server cannot start under it): this process's, without the preload when the clock is moved.
 */
export function realClockEnv(): NodeJS.ProcessEnv {
  return clockMoved ? { ...process.env, LD_PRELOAD: '' } : process.env;
}
