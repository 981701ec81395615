import type { EventEmitter } from 'node:events';
import type { LoggerService } from '@nestjs/common';
import { describeFailure } from './process-failure.handlers';

export interface GracefulShutdownOptions {
  /** "API" or "worker", for the log lines. */
  processName: string;
  /** SHUTDOWN_TIMEOUT_MS: the process exits with code 1 if stopping takes longer. */
  timeoutMs: number;
  logger: LoggerService;
  exit?: (code: number) => void;
  target?: EventEmitter;
}

/**
 * SIGTERM (a deploy, `docker compose stop`, the platform moving the process) and SIGINT (Ctrl-C) run
 * `stop` once: the process finishes what it has in hand and exits 0, or exits 1 when that takes longer than
 * the set time, so a stuck request or job cannot keep a deploy waiting. Another signal meanwhile is ignored.
 *
 * Replaces Nest's own shutdown hooks, which close the database before the HTTP server (in-flight requests
 * would fail) and end the process by re-sending the signal to itself (an exit by signal, not code 0).
 */
export function stopGracefullyOnSignal(stop: () => Promise<void>, options: GracefulShutdownOptions): void {
  const { processName, timeoutMs, logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const target = options.target ?? process;
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: the ${processName} is stopping (at most ${timeoutMs / 1000} s)`, 'Shutdown');
    const deadline = setTimeout(() => {
      logger.error(`the ${processName} did not stop within ${timeoutMs / 1000} s (SHUTDOWN_TIMEOUT_MS); exiting anyway`, undefined, 'Shutdown');
      exit(1);
    }, timeoutMs);
    stop().then(
      () => {
        clearTimeout(deadline);
        logger.log(`the ${processName} stopped`, 'Shutdown');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        const { summary, frames } = describeFailure(error);
        logger.error(`the ${processName} failed while stopping: ${summary}`, frames, 'Shutdown');
        exit(1);
      },
    );
  };
  target.on('SIGTERM', () => onSignal('SIGTERM'));
  target.on('SIGINT', () => onSignal('SIGINT'));
}
