/**
 * A demo GP as the multidose-responsible doctor: looks for their open update Tasks (`multidose-update`,
 * over FHIR as the GP) and, when the time drawn for each has come, records the updated complete list
 * (M25.1) — through `POST /api/multidose/patients/<id>/complete-list` as the web app does, or, where the
 * API has no such route, as a `Communication` with category urn:bro:eresept-message|M25.1 on /fhir/R4.
 * Bro then returns the episode to active and completes the Task. Mostly within the 2 working days,
 * sometimes late (simulated time, multidose-behaviour.ts); never at the first look.
 */
import { Bundle, ERESEPT_MESSAGE_SYSTEM, EreseptMessage, Resource, TASK_KIND_SYSTEM, TaskKind } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { ActorActions } from './actor-action';
import { BroApiClient } from './bro-api.client';
import { ListTiming, decideListTiming } from './multidose-behaviour';
import { MultidoseRoster } from './multidose-roster';
import { RequestFailure } from './request-failure';
import { DemoGp } from './simulation-directory';
import { SimulationStats } from './simulation-stats';

interface Planned extends ListTiming {
  sendAtMs: number;
}

export class MultidoseGpActor {
  private readonly planned = new Map<string, Planned>();
  /** Whether the API has the /api route (tried first; a 404 for the route itself falls back to FHIR for the run). */
  private viaApi = true;

  constructor(
    private readonly gp: DemoGp,
    private readonly api: BroApiClient,
    private readonly pace: { meanDelayMs: number },
    private readonly roster: MultidoseRoster,
    private readonly random: SeededRandom,
    private readonly stats: SimulationStats,
    private readonly actions: ActorActions,
    private readonly clock: () => number = Date.now,
  ) {}

  async tick(): Promise<void> {
    let tasks: Resource[] = [];
    const query = `owner=${this.gp.role}&code=${TASK_KIND_SYSTEM}|${TaskKind.MultidoseUpdate}&status=requested,accepted&_count=100`;
    const read = await this.actions.attempt(this.gp.user, 'reading multidose update tasks', async () => {
      tasks = ((await this.api.get<Bundle>(`/fhir/R4/Task?${query}`)).entry ?? []).map((entry) => entry.resource!).filter(Boolean);
    });
    if (!read) return;
    const now = this.clock();
    const open = new Set(tasks.map((task) => task.id!));
    for (const id of this.planned.keys()) if (!open.has(id)) this.planned.delete(id);
    for (const task of tasks) {
      this.roster.knowUpdateTask(task.id!);
      let plan = this.planned.get(task.id!);
      if (!plan) {
        const timing = decideListTiming(this.random, this.pace.meanDelayMs);
        plan = { ...timing, sendAtMs: now + timing.delayMs };
        this.planned.set(task.id!, plan);
        this.stats.multidose('update task seen');
        continue;
      }
      if (now < plan.sendAtMs) continue;
      const patientId = /^Patient\/(.+)$/.exec(String((task.for as { reference?: string } | undefined)?.reference ?? ''))?.[1];
      if (!patientId) continue;
      const at = new Date(now).toISOString();
      if (await this.actions.attempt(this.gp.user, 'recording the updated complete list (M25.1)', () => this.sendList(patientId, at))) {
        this.planned.delete(task.id!);
        this.roster.listSent(patientId, at);
        this.stats.multidose(plan.late ? 'list sent (M25.1), late' : 'list sent (M25.1), on time');
      }
    }
  }

  private async sendList(patientId: string, sent: string): Promise<void> {
    if (this.viaApi) {
      try {
        await this.api.post(`/api/multidose/patients/${encodeURIComponent(patientId)}/complete-list`, {});
        return;
      } catch (error) {
        // "Cannot POST …": the API has no such route; any other 404 (no episode the GP may see) is a refusal.
        if (!(error instanceof RequestFailure) || error.status !== 404 || !/Cannot POST/i.test(error.message)) throw error;
        this.viaApi = false;
      }
    }
    await this.api.post('/fhir/R4/Communication', {
      resourceType: 'Communication',
      status: 'completed',
      category: [{ coding: [{ system: ERESEPT_MESSAGE_SYSTEM, code: EreseptMessage.CompleteList }] }],
      subject: { reference: `Patient/${patientId}` },
      sender: { reference: this.gp.role },
      sent,
    });
  }
}
