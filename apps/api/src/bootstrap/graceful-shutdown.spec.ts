import { EventEmitter } from 'node:events';
import type { LoggerService } from '@nestjs/common';
import { stopGracefullyOnSignal } from './graceful-shutdown';

function setUp(stop: () => Promise<void>, timeoutMs = 1_000) {
  const lines: string[] = [];
  const logger = { log: (m: string) => lines.push(m), error: (m: string) => lines.push(m) } as unknown as LoggerService;
  const target = new EventEmitter();
  let exited: (code: number) => void = () => undefined;
  const exit = new Promise<number>((resolve) => (exited = resolve));
  stopGracefullyOnSignal(stop, { processName: 'worker', timeoutMs, logger, exit: (code) => exited(code), target });
  return { lines, target, exit };
}

describe('graceful shutdown', () => {
  it('stops once on SIGTERM and exits 0 when stopping is done', async () => {
    let calls = 0;
    const { lines, target, exit } = setUp(async () => {
      calls += 1;
    });
    target.emit('SIGTERM');
    target.emit('SIGTERM');
    expect(await exit).toBe(0);
    expect(calls).toBe(1);
    expect(lines).toEqual(['SIGTERM: the worker is stopping (at most 1 s)', 'the worker stopped']);
  });

  it('exits 1 at the deadline when stopping hangs', async () => {
    const { lines, target, exit } = setUp(() => new Promise(() => undefined), 1_000);
    const started = Date.now();
    target.emit('SIGINT');
    expect(await exit).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(lines[1]).toMatch(/did not stop within 1 s \(SHUTDOWN_TIMEOUT_MS\)/);
  });

  it('exits 1 when stopping fails', async () => {
    const { lines, target, exit } = setUp(() => Promise.reject(new TypeError('boom')));
    target.emit('SIGTERM');
    expect(await exit).toBe(1);
    expect(lines[1]).toBe('the worker failed while stopping: TypeError');
  });
});
