/**
 * The baseline of the board benchmark: two plain socket.io servers (raw-fanout.server.ts) behind the
 * same Redis adapter, and a replay of Bro's frames to them, scope by scope at the rate Bro sent them,
 * through the same Redis emitter Bro's publisher uses. What that costs is the fan-out alone.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Emitter } from '@socket.io/redis-emitter';
import Redis from 'ioredis';
import { BOARD_NAMESPACE, BoardDelta, BoardEvent, BoardScope } from '@app/fhir/board/board-metrics';
import { RawFrame } from './board-client';

const root = resolve(__dirname, '../..');

export interface RawFanoutServer {
  pid: number;
  origin: string;
  stop(): Promise<void>;
}

export function startRawFanoutServer(port: number, key: string): Promise<RawFanoutServer> {
  const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'tools/bench/raw-fanout.server.ts'], {
    cwd: root,
    env: { ...process.env, RAW_FANOUT_PORT: String(port), RAW_FANOUT_KEY: key },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error('the raw fan-out server did not start in 30 s')), 30_000);
    child.once('exit', (code) => fail(new Error(`the raw fan-out server exited (${code})`)));
    child.stdout!.once('data', () => {
      clearTimeout(timer);
      done({
        pid: child.pid!,
        origin: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((stopped) => {
            if (child.exitCode !== null) return stopped();
            child.removeAllListeners('exit');
            child.once('exit', () => stopped());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** How often Bro sent one scope frames, and the last frame it sent (what the baseline sends instead). */
export interface ScopeTraffic {
  framesPerSecond: number;
  frame: BoardDelta;
}

export class RawFanoutReplay {
  private readonly redis: Redis;
  private readonly emitter: Emitter;

  constructor(key: string) {
    this.redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    this.emitter = new Emitter(this.redis, { key });
  }

  /**
   * Once a second, like Bro's publisher, each scope whose share of frames is due gets its frame (a
   * scope Bro framed 0.6 times a second gets 3 frames in 5 s); returns how many frames were emitted.
   */
  async replay(traffic: Map<BoardScope, ScopeTraffic>, durationMs: number): Promise<number> {
    const credit = new Map([...traffic.keys()].map((scope, i) => [scope, (i * 0.618) % 1]));
    const started = performance.now();
    let emitted = 0;
    for (let tick = 0; performance.now() - started < durationMs; tick++) {
      for (const [scope, { framesPerSecond, frame }] of traffic) {
        let due = credit.get(scope)! + framesPerSecond;
        for (; due >= 1; due--) {
          const message: RawFrame = { sentAt: Date.now(), frame };
          this.emitter.of(BOARD_NAMESPACE).to(scope).emit(BoardEvent.Delta, message);
          emitted++;
        }
        credit.set(scope, due);
      }
      const next = started + (tick + 1) * 1000;
      await new Promise((done) => setTimeout(done, Math.max(0, next - performance.now())));
    }
    return emitted;
  }

  close(): void {
    this.redis.disconnect();
  }
}
