/**
 * The low-threshold service's worker (demo user `lowthreshold`) working the queue of rejected referrals:
 * takes the earliest-deadline unclaimed case, tries to reach the patient (a contact attempt each time),
 * and once reached, or after three failed attempts, records what became of it. A few cases in hand at
 * a time; each step after a (compressed, random) while.
 */
import type { TriageCaseDetail, TriageCasePage, TriageCaseSummary } from '@app/fhir/api/referral-answers';
import { SeededRandom } from '../seed/seeded-random';
import { ActorActions } from './actor-action';
import { BroApiClient } from './bro-api.client';
import { chanceWithin } from './gp-behaviour';
import { decideTriageStep, pickCaseToClaim } from './referral-behaviour';
import { SimulationStats } from './simulation-stats';

const USER = 'lowthreshold';
/** Cases one worker has in hand before taking another. */
export const CASES_IN_HAND = 3;
/** On average this long between steps on a case (a call, a note, an outcome). */
export const MEAN_STEP_DELAY_MS = 45_000;

export class LowThresholdActor {
  constructor(
    private readonly api: BroApiClient,
    private readonly pace: { pollMs: number },
    private readonly random: SeededRandom,
    private readonly stats: SimulationStats,
    private readonly actions: ActorActions,
    private readonly meanStepDelayMs = MEAN_STEP_DELAY_MS,
  ) {}

  async tick(): Promise<void> {
    let mine: TriageCaseSummary[] = [];
    await this.actions.attempt(USER, 'reading own cases', async () => {
      mine = (await this.api.get<TriageCasePage>('/api/lowthreshold/cases?state=mine&pageSize=20')).cases;
    });
    for (const item of mine) {
      if (this.random.chance(chanceWithin(this.pace.pollMs, this.meanStepDelayMs))) await this.step(item);
    }
    if (mine.length < CASES_IN_HAND && this.random.chance(chanceWithin(this.pace.pollMs, this.meanStepDelayMs))) await this.claimNext();
  }

  private async claimNext(): Promise<void> {
    let queue: TriageCaseSummary[] = [];
    await this.actions.attempt(USER, 'reading the queue', async () => {
      queue = (await this.api.get<TriageCasePage>('/api/lowthreshold/cases?state=open&pageSize=20')).cases;
    });
    const next = pickCaseToClaim(queue);
    if (next && (await this.actions.attempt(USER, `claiming case ${next.id}`, () => this.api.post(`/api/lowthreshold/cases/${encodeURIComponent(next.id)}/claim`, { version: next.version })))) {
      this.stats.referral(next.overdue ? 'triage claimed (overdue)' : 'triage claimed');
    }
  }

  private async step(item: TriageCaseSummary): Promise<void> {
    let detail: TriageCaseDetail | undefined;
    await this.actions.attempt(USER, `reading case ${item.id}`, async () => {
      detail = await this.api.get<TriageCaseDetail>(`/api/lowthreshold/cases/${encodeURIComponent(item.id)}`);
    });
    if (!detail) return;
    const step = decideTriageStep(this.random, detail.contactAttempts.map((attempt) => attempt.result));
    const path = `/api/lowthreshold/cases/${encodeURIComponent(item.id)}`;
    if (step.step === 'contact-attempt') {
      if (await this.actions.attempt(USER, `logging a contact attempt on ${item.id}`, () => this.api.post(`${path}/contact-attempts`, { version: detail!.case.version, result: step.result }))) {
        this.stats.referral(`contact attempt ${step.result}`);
      }
      return;
    }
    if (await this.actions.attempt(USER, `recording the outcome of ${item.id}`, () => this.api.post(`${path}/outcome`, { version: detail!.case.version, outcome: step.outcome, ...(step.text ? { text: step.text } : {}) }))) {
      this.stats.referral(`triaged ${step.outcome}`);
    }
  }
}
