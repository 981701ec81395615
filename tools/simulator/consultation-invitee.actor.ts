/**
 * A demo GP answering invitations to joint consultations when their (compressed, random) time has come:
 * mostly yes to one of the times, now and then no with a reason, or another time a day or three later.
 */
import type { ConsultationAnswerRequest, ConsultationPage, ConsultationSummary } from '@app/fhir/api/consultation-answers';
import { SeededRandom } from '../seed/seeded-random';
import { ActorActions } from './actor-action';
import { BroApiClient } from './bro-api.client';
import { InvitationAnswer, decideInvitationAnswer } from './consultation-behaviour';
import { chanceWithin } from './gp-behaviour';
import { DemoGp } from './simulation-directory';
import { SimulationStats } from './simulation-stats';

const DAY = 86_400_000;
const INVITATIONS_PAGE = '/api/consultations?list=invitations&pageSize=100';
/** At most this many pages a tick (a thousand invitations): the rest wait for the next one. */
const INVITATION_PAGES_READ = 10;

/** The request for an answer; undefined when the consultation has no time left to answer about. */
export function answerRequest(consultation: Pick<ConsultationSummary, 'options'>, answer: InvitationAnswer): ConsultationAnswerRequest | undefined {
  switch (answer.answer) {
    case 'accept': {
      const option = consultation.options[answer.optionIndex];
      return option ? { answer: 'accept', option } : undefined;
    }
    case 'decline':
      return { answer: 'decline', reason: answer.reason };
    case 'propose': {
      const first = consultation.options[0];
      if (!first) return undefined;
      const shift = (instant: string) => new Date(Date.parse(instant) + answer.daysLater * DAY).toISOString();
      return { answer: 'propose', time: { start: shift(first.start), end: shift(first.end) }, comment: answer.comment };
    }
  }
}

export class ConsultationInviteeActor {
  constructor(
    private readonly gp: DemoGp,
    private readonly api: BroApiClient,
    private readonly pace: { pollMs: number; meanDelayMs: number },
    private readonly random: SeededRandom,
    private readonly stats: SimulationStats,
    private readonly actions: ActorActions,
  ) {}

  async tick(): Promise<void> {
    const invitations: ConsultationSummary[] = [];
    await this.actions.attempt(this.gp.user, 'reading consultation invitations', async () => {
      // Page by page: a GP away for a while has more than one page of invitations waiting.
      for (let page = 1; page <= INVITATION_PAGES_READ; page++) {
        const answer = await this.api.get<ConsultationPage>(`${INVITATIONS_PAGE}&page=${page}`);
        invitations.push(...answer.consultations);
        if (answer.consultations.length < answer.pageSize) break;
      }
    });
    for (const consultation of invitations) {
      if (!this.random.chance(chanceWithin(this.pace.pollMs, this.pace.meanDelayMs))) continue;
      const answer = decideInvitationAnswer(this.random, consultation.options.length);
      const request = answerRequest(consultation, answer);
      if (!request) continue;
      let after: ConsultationSummary | undefined;
      const answered = await this.actions.attempt(this.gp.user, `answering consultation ${consultation.id}`, async () => {
        after = (await this.api.post<{ consultation: ConsultationSummary }>(`/api/consultations/${encodeURIComponent(consultation.id)}/answer`, request)).consultation;
      });
      if (!answered) continue;
      this.stats.consultation(answer.answer === 'accept' ? 'accepted' : answer.answer === 'decline' ? 'declined' : 'other time proposed');
      if (after?.status === 'booked') this.stats.consultation('booked');
    }
  }
}
