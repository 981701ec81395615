/**
 * The columns and verdicts every benchmark table shares: latency per operation, CPU per process and
 * per operation (which tells where an operation's time goes), and "met" or by how much it was missed.
 */
import { LatencySummary } from './latency-stats';
import { BenchCpu } from './process-cpu';

export const LATENCY_HEADER = ['operation', 'n', 'errors', 'per s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];

export const CPU_HEADER = ['CPU api %', 'CPU postgres %', 'CPU load gen %', 'api CPU ms/op', 'pg CPU ms/op', 'load gen CPU ms/op'];

export function latencyRow(name: string, s: LatencySummary, extra: string[] = []): Array<string | number> {
  return [name, s.count, s.errors, s.perSecond, s.p50, s.p95, s.p99, s.max, ...extra];
}

/** CPU milliseconds one operation costs a process group, from its CPU percent and the throughput. */
export function cpuMsPerOp(percent: number, s: LatencySummary): string {
  return (((percent / 100) * 1000) / s.perSecond).toFixed(3);
}

/** The CPU columns of {@link CPU_HEADER}; `api` false for contenders that do not go through the API. */
export function cpuColumns(cpu: BenchCpu, s: LatencySummary, api: boolean): string[] {
  return [
    api ? cpu.api.toFixed(0) : '-',
    cpu.postgres.toFixed(0),
    cpu.bench.toFixed(0),
    api ? cpuMsPerOp(cpu.api, s) : '-',
    cpuMsPerOp(cpu.postgres, s),
    cpuMsPerOp(cpu.bench, s),
  ];
}

export function verdict(ok: boolean, miss: string): string {
  return ok ? 'met' : `MISSED: ${miss}`;
}
