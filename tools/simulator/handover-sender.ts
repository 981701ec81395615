/**
 * Sends planned hand-overs the way Haukeland's EHR would (a transaction, or a FHIR message), and now
 * and then sends one again — the same Bundle after a timeout, or a regenerated Bundle for the same
 * stay — checking that Bro answers with the first hand-over's tasks and creates nothing.
 */
import { randomUUID } from 'node:crypto';
import { Bundle, Resource } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { asMessage, asTransaction } from './discharge-handover';
import { FhirClientAdapter } from './fhir-client.adapter';
import { HandoverChannel, HandoverPlan } from './handover-plan';
import { RequestFailure } from './request-failure';
import { SimulationStats } from './simulation-stats';
import { SimulatorLog } from './simulator-log';

/** Share of arrivals that re-send an earlier hand-over instead of a new one. */
export const DUPLICATE_SHARE = 0.04;
/** Hand-overs kept for re-sending; a retry comes soon after the original, not days later. */
const RECENT_LIMIT = 50;

interface SentHandover {
  plan: HandoverPlan;
  messageId: string;
  taskIds: string[];
}

/** The Tasks a transaction-response or a response message carries back. */
function tasksIn(response: Bundle): Resource[] {
  return (response.entry ?? []).map((entry) => entry.resource).filter((resource): resource is Resource => resource?.resourceType === 'Task');
}

function taskIdsIn(response: Bundle): string[] {
  const fromResources = tasksIn(response).map((task) => task.id!);
  if (fromResources.length) return fromResources;
  // With Prefer: return=minimal only the locations come back (`Task/<id>/_history/1`).
  return (response.entry ?? [])
    .map((entry) => /^(?:.*\/)?Task\/([^/]+)/.exec(entry.response?.location ?? '')?.[1])
    .filter((id): id is string => id !== undefined);
}

function sameIds(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().every((id, i) => id === [...b].sort()[i]);
}

export class HandoverSender {
  private readonly recent: SentHandover[] = [];
  /** Failure kinds already reported in full; later ones of a kind only count (the progress line shows them). */
  private readonly reported = new Set<string>();

  constructor(
    private readonly fhir: FhirClientAdapter,
    private readonly stats: SimulationStats,
    private readonly random: SeededRandom,
    private readonly log: SimulatorLog,
  ) {}

  /** Whether this arrival should re-send an earlier hand-over (only once there is one to re-send). */
  wantsDuplicate(): boolean {
    return this.recent.length > 0 && this.random.chance(DUPLICATE_SHARE);
  }

  async send(plan: HandoverPlan): Promise<void> {
    const messageId = randomUUID();
    this.stats.handoversSent++;
    this.stats.channel(plan.channel);
    const response = await this.post(plan, plan.channel, messageId, 'hand-over');
    if (!response) return;
    this.stats.handoversAnswered++;
    const tasks = tasksIn(response);
    this.stats.tasksCreated += tasks.length;
    this.stats.tasksUnassigned += tasks.filter((task) => !task.owner).length;
    this.recent.push({ plan, messageId, taskIds: taskIdsIn(response) });
    if (this.recent.length > RECENT_LIMIT) this.recent.shift();
  }

  async resendOne(): Promise<void> {
    const earlier = this.random.pick(this.recent);
    this.stats.duplicatesSent++;
    // Half are the same Bundle again (a retry after a timeout); half a new Bundle for the same stay
    // (the EHR regenerated the hand-over): new Bundle.identifier and message id, same Encounter identifier.
    const regenerated = this.random.chance(0.5);
    const plan: HandoverPlan = regenerated
      ? { ...earlier.plan, content: { ...earlier.plan.content, identifier: { ...earlier.plan.content.identifier, value: randomUUID() } } }
      : earlier.plan;
    const response = await this.post(plan, plan.channel, regenerated ? randomUUID() : earlier.messageId, 'duplicate');
    if (!response) return;
    if (sameIds(taskIdsIn(response), earlier.taskIds)) this.stats.duplicatesReplayed++;
    else {
      this.stats.duplicatesCreatedAgain++;
      this.log.warn(`a re-sent hand-over (${regenerated ? 'new Bundle, same stay' : 'same Bundle'}, ${plan.channel}) was answered with other tasks than the first time`);
    }
  }

  private async post(plan: HandoverPlan, channel: HandoverChannel, messageId: string, what: string): Promise<Bundle | undefined> {
    const started = performance.now();
    this.stats.inFlight++;
    try {
      const response =
        channel === 'message' ? await this.fhir.processMessage(asMessage(plan.content, messageId)) : await this.fhir.transaction(asTransaction(plan.content));
      this.stats.handoverLatency(performance.now() - started);
      return response;
    } catch (error) {
      const failure = error instanceof RequestFailure ? error : new RequestFailure(undefined, String(error));
      this.stats.error(failure.kind);
      const line = `${what} (${channel}) failed: ${failure.kind} ${failure.message}`;
      if (this.reported.has(failure.kind)) this.log.debug(line);
      else {
        this.reported.add(failure.kind);
        this.log.warn(`${line} (further ${failure.kind} failures are counted in the progress line)`);
      }
      return undefined;
    } finally {
      this.stats.inFlight--;
    }
  }
}
