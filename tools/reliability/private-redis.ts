import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { collectOutput, exited, until } from './child-process';
import { realClockEnv } from './real-clock';

export interface PrivateRedisOptions {
  /**
   * Keep an append-only file (fsynced every second, as docs/operations.md recommends), so a Redis stopped
   * and started again comes back with its data; without it, started again it has forgotten everything.
   */
  persistent?: boolean;
}

/**
 * A redis-server of its own on a free port, so it can be killed and started again (empty, or with its
 * data) without touching the Redis other tests, benchmarks and engineers share.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  private readonly lines: string[] = [];
  private readonly directory?: string;

  private constructor(
    readonly port: number,
    options: PrivateRedisOptions,
  ) {
    if (options.persistent) this.directory = mkdtempSync(join(tmpdir(), 'bro-redis-'));
  }

  static async start(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), options);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts it (again); `empty` throws away what a persistent one kept, as a new server would start. */
  async start(options: { empty?: boolean } = {}): Promise<void> {
    if (options.empty && this.directory) this.clearData();
    const persistence = this.directory ? ['--dir', this.directory, '--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no'];
    // On the real clock even when the tests' is moved: redis-server cannot start under libfaketime.
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'], env: realClockEnv() });
    this.child = child;
    this.lines.length = 0;
    collectOutput(child, this.lines);
    await until(() => this.lines.some((line) => line.includes('Ready to accept connections')), 'redis-server to start', 10_000, child, this.lines);
  }

  /** Gone at once, as when the host or container dies: no goodbye to the clients, nothing written. */
  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  /** A clean shutdown: a persistent one has written its data and comes back with it. */
  stop(): Promise<void> {
    return this.end('SIGTERM');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited(child);
  }

  /** Stops it and removes what it kept on disk. */
  async remove(): Promise<void> {
    await this.kill();
    if (this.directory) rmSync(this.directory, { recursive: true, force: true });
  }

  private clearData(): void {
    rmSync(this.directory!, { recursive: true, force: true });
    mkdirSync(this.directory!, { recursive: true });
  }
}
