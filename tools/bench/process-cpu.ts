import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function ticksOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function pidsNamed(name: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    });
}

/** The process title PostgreSQL gives a process ("postgres: 15/main: postgres bro_bench 127.0.0.1(5432) idle"). */
function titleOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** Whether a PostgreSQL process (by its title) is shared by all databases or serves `database`. */
export function worksFor(title: string, database: string): boolean {
  const servesOneDatabase = /\(\d+\)|\[local\]|autovacuum worker/.test(title);
  return !servesOneDatabase || ` ${title} `.includes(` ${database} `);
}

/**
 * CPU time of processes over an interval, as percent of one core (200% = both cores here). Counted
 * per process: one that ends during the interval drops out instead of subtracting its whole life's
 * CPU (which made short-lived PostgreSQL backends of other runs show as negative CPU).
 */
export class CpuMeter {
  private readonly before = new Map<string, Map<number, number>>();
  private started = 0;

  constructor(private readonly groups: Record<string, () => number[]>) {}

  static pids(pid: number): () => number[] {
    return () => [pid];
  }

  static named(name: string): () => number[] {
    return () => pidsNamed(name);
  }

  /**
   * PostgreSQL's shared processes (postmaster, WAL writer, checkpointer, ...) and the backends of one
   * database: not those of other databases, which other runs and test suites on this machine use.
   */
  static postgresFor(database: string): () => number[] {
    return () => pidsNamed('postgres').filter((pid) => worksFor(titleOf(pid), database));
  }

  start(): void {
    this.started = performance.now();
    for (const [group, pids] of Object.entries(this.groups)) this.before.set(group, new Map(pids().map((pid) => [pid, ticksOf(pid)])));
  }

  stop(): Record<string, number> {
    const seconds = (performance.now() - this.started) / 1000;
    const result: Record<string, number> = {};
    for (const [group, pids] of Object.entries(this.groups)) {
      const before = this.before.get(group) ?? new Map<number, number>();
      // A process that started during the interval spent all its CPU in it.
      const ticks = pids().reduce((n, pid) => n + Math.max(0, ticksOf(pid) - (before.get(pid) ?? 0)), 0);
      result[group] = (100 * ticks) / TICKS_PER_SECOND / seconds;
    }
    return result;
  }
}

/** The process groups every benchmark table shows, in percent of one core. */
export interface BenchCpu {
  api: number;
  postgres: number;
  bench: number;
}

/** CPU of the API under test, PostgreSQL working for the benchmark's database, and this load generator. */
export function benchCpuMeter(apiPid: number, databaseUrl: string): CpuMeter {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  return new CpuMeter({ api: CpuMeter.pids(apiPid), postgres: CpuMeter.postgresFor(database), bench: CpuMeter.pids(process.pid) });
}
