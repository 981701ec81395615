/**
 * Runs contenders in turn, round after round (baseline, Bro, baseline, Bro), each for the same time
 * with the same number of closed-loop clients, measuring the CPU of each process group while it runs.
 * This machine is shared and noisy: only numbers measured side by side like this compare.
 */
import { log } from './bench-environment';
import { LatencySummary, merge } from './latency-stats';
import { RunResult, closedLoop, openLoop } from './load-generator';
import { CpuMeter } from './process-cpu';

export interface Contender {
  name: string;
  operation: (i: number) => Promise<void>;
}

export interface ContenderResult {
  summary: LatencySummary;
  /** Mean CPU per process group over the contender's runs, in percent of one core. */
  cpu: Record<string, number>;
  firstError?: string;
}

export interface InterleavedOptions {
  rounds: number;
  clients: number;
  durationMs: number;
  cpu: CpuMeter;
  /** Arrivals per second, open loop (each contender at the same rate); closed loop with `clients` when absent. */
  rate?: number;
}

export async function interleavedRounds(contenders: Contender[], options: InterleavedOptions): Promise<Record<string, ContenderResult>> {
  const runs = new Map<string, RunResult[]>(contenders.map((c) => [c.name, []]));
  const cpu = new Map<string, Array<Record<string, number>>>(contenders.map((c) => [c.name, []]));
  for (let round = 1; round <= options.rounds; round++) {
    for (const contender of contenders) {
      options.cpu.start();
      const run = options.rate ? await openLoop(contender.operation, options.rate, options.durationMs) : await closedLoop(contender.operation, options.clients, options.durationMs);
      cpu.get(contender.name)!.push(options.cpu.stop());
      runs.get(contender.name)!.push(run);
      log(`round ${round}: ${contender.name}: ${run.samples.length} in ${run.seconds.toFixed(1)} s${run.errors ? `, ${run.errors} errors` : ''}`);
      if (run.firstError) log(`  first error: ${run.firstError}`);
    }
  }
  const results: Record<string, ContenderResult> = {};
  for (const contender of contenders) {
    const samples = cpu.get(contender.name)!;
    const groups = Object.keys(samples[0] ?? {});
    results[contender.name] = {
      summary: merge(runs.get(contender.name)!),
      cpu: Object.fromEntries(groups.map((group) => [group, samples.reduce((n, s) => n + s[group], 0) / samples.length])),
      firstError: runs.get(contender.name)!.find((r) => r.firstError)?.firstError,
    };
  }
  return results;
}
