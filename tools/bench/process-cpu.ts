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

/** CPU time of processes over an interval, as percent of one core (200% = both cores here). */
export class CpuMeter {
  private readonly before = new Map<string, number>();
  private started = 0;

  constructor(private readonly groups: Record<string, () => number[]>) {}

  static pids(pid: number): () => number[] {
    return () => [pid];
  }

  static named(name: string): () => number[] {
    return () => pidsNamed(name);
  }

  start(): void {
    this.started = performance.now();
    for (const [group, pids] of Object.entries(this.groups)) this.before.set(group, pids().reduce((n, pid) => n + ticksOf(pid), 0));
  }

  stop(): Record<string, number> {
    const seconds = (performance.now() - this.started) / 1000;
    const result: Record<string, number> = {};
    for (const [group, pids] of Object.entries(this.groups)) {
      const ticks = pids().reduce((n, pid) => n + ticksOf(pid), 0) - (this.before.get(group) ?? 0);
      result[group] = (100 * ticks) / TICKS_PER_SECOND / seconds;
    }
    return result;
  }
}
