import { EventEmitter } from 'node:events';
import type { LoggerService } from '@nestjs/common';
import { describeFailure, installProcessFailureHandlers } from './process-failure.handlers';

function setUp() {
  const lines: string[] = [];
  const logger = { error: (message: string, frames?: string) => lines.push(`${message}\n${frames ?? ''}`) } as unknown as LoggerService;
  const exits: number[] = [];
  const target = new EventEmitter();
  installProcessFailureHandlers(logger, 'API', (code) => exits.push(code), target);
  return { lines, exits, target };
}

describe('process failure handlers', () => {
  it('logs an unhandled rejection and keeps running', () => {
    const { lines, exits, target } = setUp();
    const failure = Object.assign(new Error('invalid byte sequence in "Kari Nordmann 01017012345"'), { code: '22021' });
    target.emit('unhandledRejection', failure);
    expect(exits).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^unhandled promise rejection in the API: Error \(code 22021\); the API keeps running/);
    // The message may quote patient data: only the class, the code and the frames are logged.
    expect(lines[0]).not.toMatch(/Kari|01017012345/);
    expect(lines[0]).toContain('process-failure.handlers.spec.ts');
  });

  it('logs an uncaught exception and exits, for the supervisor to start a fresh process', () => {
    const { lines, exits, target } = setUp();
    target.emit('uncaughtException', new TypeError('cannot read x of undefined'));
    expect(exits).toEqual([1]);
    expect(lines[0]).toMatch(/^uncaught exception in the API: TypeError; stopping/);
  });

  it('describes what is not an Error by its type', () => {
    expect(describeFailure('boom')).toEqual({ summary: 'a thrown string' });
    expect(describeFailure(null)).toEqual({ summary: 'a thrown null' });
  });
});
