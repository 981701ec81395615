/**
 * Haukeland answering the referrals it received, with each unit's mix of Volven 9148 codes (a quarter
 * rejected in mental health, fewer elsewhere): the demo coordinator for Medisinsk avdeling through the
 * web app's action (`POST /api/referrals/:id/answer`), and the hospital's EHR for every other unit as an
 * EHR would, by FHIR: a search for the unanswered referral Tasks and an update of each with If-Match.
 */
import { REFERRAL_ANSWERS, REJECTION_REASONS, REJECTION_REASON_SYSTEM, Resource, TASK_KIND_SYSTEM, TaskKind, referralAnswerConcept } from '@app/fhir';
import type { ReferralPage, ReferralSummary } from '@app/fhir/api/referral-answers';
import { SeededRandom } from '../seed/seeded-random';
import { ActorActions } from './actor-action';
import { BroApiClient } from './bro-api.client';
import { FhirClientAdapter } from './fhir-client.adapter';
import { chanceWithin } from './gp-behaviour';
import { ReferralDecision, decideReferralAnswer } from './referral-behaviour';
import { HospitalUnit } from './simulation-directory';
import { SimulationStats } from './simulation-stats';

/** A unit answers a referral within minutes in the (compressed) simulation: on average after this long. */
export const MEAN_ANSWER_DELAY_MS = 90_000;
const UNANSWERED = new Set(['requested', 'received']);
const REFERRALS_PAGE = '/api/referrals?pageSize=100';
/** At most this many pages a tick (newest first): older unanswered ones wait for a quieter tick. */
const REFERRAL_PAGES_READ = 5;

/** The answer as the referral Task's new version (businessStatus, and statusReason for a rejection). */
export function answeredTask(task: Resource, decision: ReferralDecision): Resource {
  const { reason, reasonText } = decision;
  return {
    ...task,
    status: REFERRAL_ANSWERS[decision.answer].taskStatus,
    businessStatus: referralAnswerConcept(decision.answer),
    ...(reason ? { statusReason: { coding: [{ system: REJECTION_REASON_SYSTEM, code: reason, display: REJECTION_REASONS[reason].display }], ...(reasonText ? { text: reasonText } : {}) } } : {}),
  };
}

function counted(stats: SimulationStats, decision: ReferralDecision): void {
  stats.referral(decision.reason ? `answered 4 (${decision.reason})` : `answered ${decision.answer}`);
}

/** The demo coordinator answering their unit's received referrals, through /api. */
export class CoordinatorReferralActor {
  constructor(
    private readonly api: BroApiClient,
    private readonly pace: { pollMs: number },
    private readonly random: SeededRandom,
    private readonly stats: SimulationStats,
    private readonly actions: ActorActions,
    private readonly meanDelayMs = MEAN_ANSWER_DELAY_MS,
  ) {}

  async tick(): Promise<void> {
    const received: ReferralSummary[] = [];
    await this.actions.attempt('coordinator', 'reading received referrals', async () => {
      for (let page = 1; page <= REFERRAL_PAGES_READ; page++) {
        const answer = await this.api.get<ReferralPage>(`${REFERRALS_PAGE}&page=${page}`);
        received.push(...answer.referrals);
        if (answer.referrals.length < answer.pageSize) break;
      }
    });
    for (const referral of received.filter((item) => UNANSWERED.has(item.status))) {
      if (!this.random.chance(chanceWithin(this.pace.pollMs, this.meanDelayMs))) continue;
      const decision = decideReferralAnswer(this.random, referral.hospitalUnit.display ?? '');
      const answered = await this.actions.attempt('coordinator', `answering referral ${referral.id}`, () =>
        this.api.post(`/api/referrals/${encodeURIComponent(referral.id)}/answer`, { version: referral.version, ...decision }),
      );
      if (answered) counted(this.stats, decision);
    }
  }
}

/** Haukeland's EHR answering the other units' referrals by FHIR search and update (If-Match). */
export class EhrReferralActor {
  private readonly unitNames: Map<string, string>;

  constructor(
    private readonly fhir: FhirClientAdapter,
    /** The EHR's token on Bro's origin, for the FHIR update (the adapter searches). */
    private readonly api: BroApiClient,
    units: readonly HospitalUnit[],
    private readonly pace: { pollMs: number },
    private readonly random: SeededRandom,
    private readonly stats: SimulationStats,
    private readonly actions: ActorActions,
    private readonly meanDelayMs = MEAN_ANSWER_DELAY_MS,
  ) {
    this.unitNames = new Map(units.map((unit) => [unit.reference, unit.name]));
  }

  async tick(): Promise<void> {
    let tasks: Resource[] = [];
    await this.actions.attempt('hospital EHR', 'searching unanswered referrals', async () => {
      // Its own units' unanswered referrals only (owner is any of them: FHIR's comma is OR).
      const owner = [...this.unitNames.keys()].join(',');
      tasks = await this.fhir.searchAll('Task', { code: `${TASK_KIND_SYSTEM}|${TaskKind.ReferralFulfilment}`, status: 'requested', owner, _count: '100' }, 200);
    });
    for (const task of tasks) {
      const owner = (task.owner as { reference?: string } | undefined)?.reference;
      const unitName = owner ? this.unitNames.get(owner) : undefined;
      if (!unitName || !task.id) continue;
      if (!this.random.chance(chanceWithin(this.pace.pollMs, this.meanDelayMs))) continue;
      const decision = decideReferralAnswer(this.random, unitName);
      const version = (task.meta as { versionId?: string } | undefined)?.versionId ?? '1';
      const answered = await this.actions.attempt('hospital EHR', `answering referral ${task.id}`, () =>
        this.api.put(`/fhir/R4/Task/${encodeURIComponent(task.id!)}`, answeredTask(task, decision), { 'if-match': `W/"${version}"`, 'content-type': 'application/fhir+json' }),
      );
      if (answered) counted(this.stats, decision);
    }
  }
}
