import { rm, writeFile } from 'node:fs/promises';
import { within } from '../common/time/within';

/** How often the worker proves it is alive; a health check should allow a few missed beats (30 s). */
export const HEARTBEAT_INTERVAL_MS = 5_000;
const CHECK_TIMEOUT_MS = 2_000;

/**
 * The worker has no HTTP port, so its health is a file (WORKER_HEARTBEAT_FILE) written every few seconds
 * while its event loop runs and PostgreSQL and Redis answer. A container health check looks at the file's
 * age (docker-compose.yml); a worker that hangs, or has lost its database or Redis, stops renewing it.
 * The file is removed when the worker stops.
 */
export function startWorkerHeartbeat(file: string, checks: { postgres: () => Promise<unknown>; redis: () => Promise<unknown> }): { stop(): Promise<void> } {
  let beating: Promise<void> | undefined;
  const beat = async () => {
    try {
      await within(checks.postgres(), CHECK_TIMEOUT_MS, 'PostgreSQL');
      await within(checks.redis(), CHECK_TIMEOUT_MS, 'Redis');
      await writeFile(file, `${new Date().toISOString()}\n`);
    } catch {
      // No beat: the file grows old and the health check says so. The outage itself is logged where it hurts.
    }
  };
  const tick = () => {
    beating ??= beat().finally(() => (beating = undefined));
  };
  tick();
  const timer = setInterval(tick, HEARTBEAT_INTERVAL_MS);
  return {
    async stop() {
      clearInterval(timer);
      await beating;
      await rm(file, { force: true });
    },
  };
}
