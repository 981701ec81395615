import type { EventEmitter } from 'node:events';
import type { LoggerService } from '@nestjs/common';

/**
 * What a failure is, for the log: its class, a PostgreSQL or Node error code, and the stack frames.
 * Not its message: a message can quote the value that failed (a name, an identifier), and this line
 * goes to the log whatever the request was.
 */
export function describeFailure(reason: unknown): { summary: string; frames?: string } {
  if (!(reason instanceof Error)) return { summary: `a thrown ${reason === null ? 'null' : typeof reason}` };
  const code = (reason as { code?: unknown }).code;
  return {
    summary: `${reason.name}${typeof code === 'string' || typeof code === 'number' ? ` (code ${code})` : ''}`,
    frames: reason.stack?.split('\n').slice(1).join('\n'),
  };
}

/**
 * The last line of defence of the API and the worker processes, installed first thing at start:
 *
 * - `unhandledRejection`: a promise nobody awaited failed. That is a bug (the linter's
 *   no-floating-promises rule is there to prevent it), but one request's bug must not take every other
 *   request down with it: logged, and the process runs on.
 * - `uncaughtException`: something threw outside any request or job, so the process's state is
 *   unknown. Logged, and the process exits; the supervisor (`npm start`, or the container platform)
 *   starts a fresh one.
 *
 * Both go through the given logger (the redacting logger), so no patient identifier reaches the log.
 */
export function installProcessFailureHandlers(
  logger: LoggerService,
  processName: string,
  exit: (code: number) => void = (code) => process.exit(code),
  target: EventEmitter = process,
): void {
  target.on('unhandledRejection', (reason: unknown) => {
    const { summary, frames } = describeFailure(reason);
    logger.error(`unhandled promise rejection in the ${processName}: ${summary}; the ${processName} keeps running`, frames, 'Process');
  });
  target.on('uncaughtException', (error: Error) => {
    const { summary, frames } = describeFailure(error);
    logger.error(`uncaught exception in the ${processName}: ${summary}; stopping so that a fresh ${processName} takes over`, frames, 'Process');
    exit(1);
  });
}
