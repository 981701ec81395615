/**
 * The discharge coordinator planning joint consultations: for a share of the unit's new discharges (more for
 * patients 67+ and for many tasks) asks Bro for times when a hospital doctor and the patient's GP are both
 * free and proposes one to three of them; calls off proposals a GP declined, or that are stuck.
 */
import type { ConsultationPage, ConsultationSummary, ConsultationTimes } from '@app/fhir/api/consultation-answers';
import type { HandoverPage } from '@app/fhir/api/api-answers';
import { BRO_CANCELLATION_REASON_SYSTEM, CANCELLATION_REASONS } from '@app/fhir/consultations';
import { SeededRandom } from '../seed/seeded-random';
import { ActorActions } from './actor-action';
import { BroApiClient, TaskSummary } from './bro-api.client';
import { ageOn, decideCancellation, decideProposal, decideProposalShape } from './consultation-behaviour';
import { chanceWithin } from './gp-behaviour';
import { SimulationStats } from './simulation-stats';

const DAY = 86_400_000;
const HANDOVERS_PAGE = '/api/handovers?page=1&pageSize=50';
const AWAITING_PAGE = '/api/consultations?list=awaiting-answers&pageSize=100';
/** At most this many pages a tick (a thousand consultations): the rest wait for the next one. */
const AWAITING_PAGES_READ = 10;
/** Suggestions are looked for from tomorrow, two weeks ahead: a consultation at discharge is soon or never. */
const SEARCH_DAYS = 14;
const SUGGESTIONS = 6;

interface StayTask extends TaskSummary {
  handoverId?: string;
  patient?: { id: string; birthDate?: string };
}

export class ConsultationPlannerActor {
  private readonly considered = new Set<string>();
  private readonly firstSeen = new Map<string, number>();

  constructor(
    private readonly api: BroApiClient,
    /** The coordinator's unit's hospital doctors (PractitionerRole references). */
    private readonly hospitalDoctors: readonly string[],
    private readonly pace: { pollMs: number; meanDelayMs: number },
    private readonly random: SeededRandom,
    private readonly stats: SimulationStats,
    private readonly actions: ActorActions,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.startedAt = now().getTime();
  }

  /** Discharges from before the simulation started are left alone: a consultation is planned at discharge. */
  private readonly startedAt: number;

  async tick(): Promise<void> {
    await this.planForNewDischarges();
    await this.callOffStuckProposals();
  }

  private async planForNewDischarges(): Promise<void> {
    if (this.hospitalDoctors.length === 0) return;
    let page: HandoverPage | undefined;
    await this.actions.attempt('coordinator', 'reading hand-overs', async () => {
      page = await this.api.get<HandoverPage>(HANDOVERS_PAGE);
    });
    for (const handover of page?.handovers ?? []) {
      if (this.considered.has(handover.id) || Date.parse(handover.receivedAt) < this.startedAt) continue;
      this.considered.add(handover.id);
      let tasks: StayTask[] = [];
      await this.actions.attempt('coordinator', `reading the tasks of hand-over ${handover.id}`, async () => {
        const answer = await this.api.get<{ tasks: StayTask[] }>(`/api/handovers/tasks?patient=${encodeURIComponent(handover.patient.id)}&pageSize=100`);
        tasks = answer.tasks.filter((task) => task.handoverId === handover.id);
      });
      const age = ageOn(tasks[0]?.patient?.birthDate, this.now());
      if (!decideProposal(this.random, { age, taskCount: tasks.length })) continue;
      const gp = tasks.map((task) => task.owner?.reference).find((owner) => owner?.startsWith('PractitionerRole/'));
      if (!gp) continue;
      await this.propose(handover.encounterId, tasks, gp);
    }
  }

  private async propose(encounterId: string, tasks: StayTask[], gp: string): Promise<void> {
    const doctor = this.random.pick(this.hospitalDoctors);
    const shape = decideProposalShape(this.random);
    const from = new Date(this.now().getTime() + DAY);
    const query = new URLSearchParams({
      practitioner: `${doctor},${gp}`,
      start: from.toISOString(),
      end: new Date(from.getTime() + SEARCH_DAYS * DAY).toISOString(),
      minutesDuration: String(shape.minutesDuration),
      count: String(SUGGESTIONS),
    });
    let times: ConsultationTimes | undefined;
    await this.actions.attempt('coordinator', 'finding consultation times', async () => {
      times = await this.api.get<ConsultationTimes>(`/api/consultations/times?${query}`);
    });
    if (!times) return;
    if (times.options.length === 0) {
      this.stats.consultation('no common time');
      return;
    }
    const body = {
      encounterId,
      taskIds: tasks.map((task) => task.id),
      hospitalDoctor: doctor,
      gp,
      patientAttends: shape.patientAttends,
      minutesDuration: shape.minutesDuration,
      options: times.options.slice(0, shape.options),
      description: shape.video ? `Video: https://video.helse-bergen.example/rom/${this.random.digits(8)}` : 'Sted: Møterom 3, Medisinsk avdeling',
    };
    if (await this.actions.attempt('coordinator', 'proposing a consultation', () => this.api.post('/api/consultations', body))) this.stats.consultation('proposed');
  }

  private async callOffStuckProposals(): Promise<void> {
    const awaiting: ConsultationSummary[] = [];
    await this.actions.attempt('coordinator', 'reading consultations awaiting answers', async () => {
      // Page by page: a busy unit has more than one page waiting, and the oldest are the ones to call off.
      for (let page = 1; page <= AWAITING_PAGES_READ; page++) {
        const answer = await this.api.get<ConsultationPage>(`${AWAITING_PAGE}&page=${page}`);
        awaiting.push(...answer.consultations);
        if (answer.consultations.length < answer.pageSize) break;
      }
    });
    const now = this.now().getTime();
    for (const consultation of awaiting) {
      const seen = this.firstSeen.get(consultation.id) ?? now;
      this.firstSeen.set(consultation.id, seen);
      if (!this.random.chance(chanceWithin(this.pace.pollMs, this.pace.meanDelayMs))) continue;
      const reason = decideCancellation(this.random, {
        declined: consultation.answers.some((answer) => answer.status === 'declined'),
        counterProposed: consultation.answers.some((answer) => answer.proposed !== undefined),
        waitedMs: now - seen,
      });
      if (reason && (await this.cancel(consultation, reason))) this.stats.consultation(`cancelled (${reason})`);
    }
  }

  /** Calls the consultation off through FHIR: /api has no cancel action, and an EHR would do the same. */
  private cancel(consultation: ConsultationSummary, code: string): Promise<boolean> {
    const reason = CANCELLATION_REASONS.find((known) => known.system === BRO_CANCELLATION_REASON_SYSTEM && known.code === code)!;
    return this.actions.attempt('coordinator', `cancelling consultation ${consultation.id}`, async () => {
      const path = `/fhir/R4/Appointment/${encodeURIComponent(consultation.id)}`;
      const appointment = await this.api.get<{ meta?: { versionId?: string } } & Record<string, unknown>>(path);
      const cancelled = { ...appointment, status: 'cancelled', cancelationReason: { coding: [{ system: reason.system, code: reason.code, display: reason.display }] } };
      await this.api.put(path, cancelled, { 'if-match': `W/"${appointment.meta?.versionId ?? consultation.version}"`, 'content-type': 'application/fhir+json' });
    });
  }
}
