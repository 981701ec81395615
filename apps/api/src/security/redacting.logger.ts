import { ConsoleLogger } from '@nestjs/common';

/**
 * Eleven digits in a row (optionally as 6+5) is how a fødselsnummer or D-nummer looks in text.
 * Whatever the source of a log line, such numbers never reach the log.
 */
const PERSON_NUMBER = /(?<!\d)\d{6}[ ]?\d{5}(?!\d)/g;

export function redactPersonNumbers(text: string): string {
  return text.replace(PERSON_NUMBER, '***********');
}

/** Nest's console logger with patient identifiers masked out of every message and stack. */
export class RedactingLogger extends ConsoleLogger {
  protected override formatMessage(...args: Parameters<ConsoleLogger['formatMessage']>): string {
    return redactPersonNumbers(super.formatMessage(...args));
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(stack ? redactPersonNumbers(stack) : stack);
  }
}
