/**
 * What the simulator has done so far, as counters, and how it prints them: a progress line every few
 * seconds and a summary at the end. Counts only; nothing here names a patient.
 */
import { percentile } from '../bench/latency-stats';

/** Enough samples for stable percentiles without a run that goes on for days growing without bound. */
const LATENCY_RESERVOIR = 50_000;

type Counts = Record<string, number>;

function add(counts: Counts, key: string, n = 1): void {
  counts[key] = (counts[key] ?? 0) + n;
}

function listed(counts: Counts): string {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  return entries.length ? entries.map(([key, n]) => `${key} ${n}`).join(', ') : 'none';
}

function total(counts: Counts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

export class SimulationStats {
  handoversSent = 0;
  handoversAnswered = 0;
  byChannel: Counts = {};
  duplicatesSent = 0;
  /** Re-sent hand-overs Bro answered with the first one's tasks, creating nothing. */
  duplicatesReplayed = 0;
  /** Re-sent hand-overs that got tasks of their own: an idempotency failure worth shouting about. */
  duplicatesCreatedAgain = 0;
  tasksCreated = 0;
  tasksUnassigned = 0;
  gpActions: Counts = {};
  hospitalActions: Counts = {};
  /** Joint consultations: proposed, accepted, declined, booked, cancelled (by reason), no common time. */
  consultations: Counts = {};
  /** Referrals: sent, answered (by Volven 9148 code, rejections by reason), triage claimed, contact attempts, triaged (by outcome). */
  referrals: Counts = {};
  /** Multidose: episodes registered, discharges with medication changes, update tasks seen, lists sent (on time, late), dispensing reports. */
  multidoseEvents: Counts = {};
  /** Refusals and failures by HTTP status (409, 412, 422, 500) or network/timeout. */
  errors: Counts = {};
  /** Arrivals not sent because too many hand-overs were still waiting for an answer. */
  skippedBacklog = 0;
  inFlight = 0;

  private readonly latencies: number[] = [];
  private latencySeen = 0;

  constructor(private readonly random: () => number = Math.random) {}

  handoverLatency(ms: number): void {
    this.latencySeen++;
    if (this.latencies.length < LATENCY_RESERVOIR) this.latencies.push(ms);
    else {
      // Reservoir sampling: every answer so far has the same chance of being among the kept ones.
      const slot = Math.floor(this.random() * this.latencySeen);
      if (slot < LATENCY_RESERVOIR) this.latencies[slot] = ms;
    }
  }

  channel(channel: string): void {
    add(this.byChannel, channel);
  }

  gpAction(action: string, n = 1): void {
    add(this.gpActions, action, n);
  }

  hospitalAction(action: string): void {
    add(this.hospitalActions, action);
  }

  consultation(event: string): void {
    add(this.consultations, event);
  }

  referral(event: string): void {
    add(this.referrals, event);
  }

  /** The referral counters the progress line shows: sent, answered, rejected, triaged. */
  private referralLine(): string {
    const count = (prefix: string) => Object.entries(this.referrals).filter(([key]) => key.startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0);
    return `referrals ${count('sent')} sent, ${count('answered')} answered (${count('answered 4')} rejected), ${count('triaged')} triaged`;
  }

  multidose(event: string): void {
    add(this.multidoseEvents, event);
  }

  error(kind: string): void {
    add(this.errors, kind);
  }

  latencyPercentiles(): { p50: number; p95: number; p99: number } {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) };
  }

  progressLine(elapsedMs: number): string {
    const { p50, p95 } = this.latencyPercentiles();
    const latency = Number.isNaN(p50) ? '' : ` (p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms)`;
    return [
      `${formatDuration(elapsedMs)}`,
      `hand-overs ${this.handoversAnswered}/${this.handoversSent}${latency}`,
      `duplicates ${this.duplicatesSent}`,
      `tasks ${this.tasksCreated} (unassigned ${this.tasksUnassigned})`,
      `GP actions ${total(this.gpActions)}`,
      `hospital ${total(this.hospitalActions)}`,
      `consultations ${this.consultations.proposed ?? 0} proposed, ${this.consultations.booked ?? 0} booked`,
      this.referralLine(),
      `multidose ${this.multidoseEvents['discharged with medication changes'] ?? 0} discharged with changes, ${(this.multidoseEvents['list sent (M25.1), on time'] ?? 0) + (this.multidoseEvents['list sent (M25.1), late'] ?? 0)} lists sent`,
      `errors ${total(this.errors) ? listed(this.errors) : 0}`,
      ...(this.skippedBacklog ? [`skipped (backlog) ${this.skippedBacklog}`] : []),
    ].join(' · ');
  }

  summary(elapsedMs: number): string[] {
    const { p50, p95, p99 } = this.latencyPercentiles();
    const perSecond = this.handoversSent / Math.max(elapsedMs / 1000, 0.001);
    return [
      `ran ${formatDuration(elapsedMs)}: ${this.handoversSent} hand-overs sent (${perSecond.toFixed(2)}/s), ${this.handoversAnswered} answered; by channel: ${listed(this.byChannel)}`,
      `  answer time: p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`,
      `  duplicates re-sent ${this.duplicatesSent}: ${this.duplicatesReplayed} answered with the first hand-over's tasks, ${this.duplicatesCreatedAgain} created tasks again`,
      `  tasks created ${this.tasksCreated}, of which unassigned (no GP) ${this.tasksUnassigned}`,
      `  GP actions: ${listed(this.gpActions)}`,
      `  hospital actions: ${listed(this.hospitalActions)}`,
      `  joint consultations: ${listed(this.consultations)}`,
      `  referrals and low-threshold triage: ${listed(this.referrals)}`,
      `  multidose: ${listed(this.multidoseEvents)}`,
      `  errors: ${listed(this.errors)}${this.skippedBacklog ? `; arrivals skipped while ${this.inFlight} were waiting: ${this.skippedBacklog}` : ''}`,
    ].map((line) => line.replace(/NaN ms/g, '- ms'));
  }
}
