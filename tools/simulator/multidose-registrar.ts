/**
 * The GP side registering a patient on multidose before the hospital discharges them: the demo GP on whose
 * list the patient is creates the episode over FHIR (`POST /fhir/R4/EpisodeOfCare`, as the GP: only the
 * doctor registers episodes), active, themselves responsible, at their office, with a pharmacy. A patient
 * who already has an open episode (an earlier run, the seed) answers 409: that episode is looked up instead.
 */
import { Bundle, EPISODE_TYPE_SYSTEM, MULTIDOSE_EPISODE_TYPE, MultidoseMode, MultidoseState, Resource, multidoseStateOf } from '@app/fhir';
import { MULTIDOSE_PHARMACIES, multidoseEpisodeFor } from '../seed/multidose-episodes.seed';
import { SeededRandom } from '../seed/seeded-random';
import { ActorActions } from './actor-action';
import { BroApiClient } from './bro-api.client';
import { E_MULTIDOSE_SHARE } from './multidose-behaviour';
import { MultidosePatient } from './multidose-roster';
import { RequestFailure } from './request-failure';
import { DemoGp } from './simulation-directory';
import { SimulationStats } from './simulation-stats';

const DAY = 86_400_000;

/** The episode a GP registers: active, the GP responsible, their office managing it, e-multidose or paper, one of the pharmacies. */
export function multidoseEpisode(gp: DemoGp, patientId: string, random: SeededRandom): Resource {
  const mode = random.chance(E_MULTIDOSE_SHARE) ? MultidoseMode.Electronic : MultidoseMode.Paper;
  return multidoseEpisodeFor(gp, `Patient/${patientId}`, mode, random.pick(MULTIDOSE_PHARMACIES));
}

export class MultidoseRegistrar {
  constructor(
    private readonly gp: DemoGp,
    private readonly api: BroApiClient,
    private readonly random: SeededRandom,
    private readonly stats: SimulationStats,
    private readonly actions: ActorActions,
  ) {}

  get user(): string {
    return this.gp.user;
  }

  /** The open episodes this GP is responsible for already (an earlier run, the seed): on multidose from the start. */
  async known(now = new Date()): Promise<MultidosePatient[]> {
    let found: Resource[] = [];
    await this.actions.attempt(this.gp.user, 'reading their multidose episodes', async () => {
      const bundle = await this.api.get<Bundle>(`/fhir/R4/EpisodeOfCare?care-manager=${this.gp.role}&type=${EPISODE_TYPE_SYSTEM}|${MULTIDOSE_EPISODE_TYPE}&_count=200`);
      found = (bundle.entry ?? []).map((entry) => entry.resource!).filter((resource) => resource && multidoseStateOf(resource) !== MultidoseState.Ended);
    });
    return found.flatMap((episode) => {
      const patientId = /^Patient\/(.+)$/.exec(String((episode.patient as { reference?: string } | undefined)?.reference ?? ''))?.[1];
      return patientId && episode.id ? [{ patientId, episodeId: episode.id, gpUser: this.gp.user, listAt: new Date(now.getTime() - this.random.int(7, 60) * DAY).toISOString() }] : [];
    });
  }

  /** The patient's open episode, registered now unless they have one; undefined when neither worked. */
  async register(patientId: string, now = new Date()): Promise<MultidosePatient | undefined> {
    let episode: Resource | undefined;
    let existing = false;
    await this.actions.attempt(this.gp.user, 'registering a multidose episode', async () => {
      try {
        episode = await this.api.post<Resource>('/fhir/R4/EpisodeOfCare', multidoseEpisode(this.gp, patientId, this.random));
      } catch (error) {
        if (!(error instanceof RequestFailure) || error.status !== 409) throw error;
        existing = true;
        const found = await this.api.get<Bundle>(`/fhir/R4/EpisodeOfCare?patient=Patient/${encodeURIComponent(patientId)}&type=${EPISODE_TYPE_SYSTEM}|${MULTIDOSE_EPISODE_TYPE}`);
        episode = (found.entry ?? []).map((entry) => entry.resource!).find((resource) => resource && multidoseStateOf(resource) !== MultidoseState.Ended);
      }
    });
    if (!episode?.id) return undefined;
    this.stats.multidose(existing ? 'episode already registered' : 'episode registered (GP)');
    // The list the pharmacy packs from: sent some days before this stay.
    return { patientId, episodeId: episode.id, gpUser: this.gp.user, listAt: new Date(now.getTime() - this.random.int(7, 60) * DAY).toISOString() };
  }
}
