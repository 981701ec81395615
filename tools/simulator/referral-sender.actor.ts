/**
 * A demo GP referring patients from their list to Haukeland's units now and then (`POST /api/referrals`):
 * half to mental health, the rest over the other units, a few urgent, a few patients who do not want the
 * low-threshold service to contact them.
 */
import { Resource } from '@app/fhir';
import type { ReferralSummary } from '@app/fhir/api/referral-answers';
import { SeededRandom } from '../seed/seeded-random';
import { ActorActions } from './actor-action';
import { BroApiClient } from './bro-api.client';
import { chanceWithin } from './gp-behaviour';
import { decideReferral } from './referral-behaviour';
import { DemoGp, HospitalUnit } from './simulation-directory';
import { SimulationStats } from './simulation-stats';

/** A modest rate: on average one referral from each demo GP a minute. */
export const MEAN_REFERRAL_INTERVAL_MS = 60_000;

/** The patients on this GP's list (the ones they may refer). */
export function patientsOf(gp: DemoGp, patients: readonly Resource[]): Resource[] {
  return patients.filter((patient) => Array.isArray(patient.generalPractitioner) && (patient.generalPractitioner as Array<{ reference?: string }>).some((p) => p.reference === gp.role));
}

export class ReferralSenderActor {
  private readonly patients: Resource[];

  constructor(
    private readonly gp: DemoGp,
    private readonly api: BroApiClient,
    patients: readonly Resource[],
    private readonly units: readonly HospitalUnit[],
    private readonly pace: { pollMs: number },
    private readonly random: SeededRandom,
    private readonly stats: SimulationStats,
    private readonly actions: ActorActions,
    private readonly meanIntervalMs = MEAN_REFERRAL_INTERVAL_MS,
  ) {
    this.patients = patientsOf(gp, patients);
  }

  async tick(): Promise<void> {
    if (this.patients.length === 0 || !this.random.chance(chanceWithin(this.pace.pollMs, this.meanIntervalMs))) return;
    const patient = this.random.pick(this.patients);
    const request = patient.id ? decideReferral(this.random, patient.id, this.units) : undefined;
    if (!request) return;
    let sent: ReferralSummary | undefined;
    await this.actions.attempt(this.gp.user, 'sending a referral', async () => {
      sent = await this.api.post<ReferralSummary>('/api/referrals', request);
    });
    if (sent) this.stats.referral(request.patientObjectsToContact ? 'sent (patient objects to contact)' : 'sent');
  }
}
