import { Injectable, OnModuleInit } from '@nestjs/common';
import { MultidoseState, Resource, referenceOf } from '@app/fhir';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { StoredResource } from '../../fhir/store/stored-resource';
import { MultidoseEpisodes } from './multidose-episodes';

/** Encounter statuses in which the patient is in the hospital's care (in a bed, or on leave from one). */
const IN_HOSPITAL = ['arrived', 'triaged', 'in-progress', 'onleave'];

/**
 * Admission and discharge as they touch multidose, in the Encounter write's transaction: a stay starting
 * for a patient whose pharmacy packs suspends the episode (the pharmacy should pause; Subscriptions on
 * EpisodeOfCare see it at once); the stay ending resumes it. A discharge with medication changes makes the
 * change pending instead (the table lets a pending change follow either state, so the hand-over's order
 * of entries does not matter).
 */
@Injectable()
export class AdmissionRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly episodes: MultidoseEpisodes,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Encounter', this);
  }

  async prepare(next: Resource): Promise<Resource> {
    return next;
  }

  async afterWrite(stored: StoredResource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    const now = String(stored.resource.status);
    const before = previous ? String(previous.resource.status) : undefined;
    const admitted = IN_HOSPITAL.includes(now) && (before === undefined || !IN_HOSPITAL.includes(before));
    const discharged = now === 'finished' && before !== 'finished';
    if (!admitted && !discharged) return;
    const episode = await this.episodes.openEpisodeOf(context.client, referenceOf(stored.resource.subject));
    if (!episode) return;
    if (admitted) await this.episodes.move(context.client, episode, MultidoseState.SuspendedAdmitted, 'admission');
    else await this.episodes.move(context.client, episode, MultidoseState.Active, 'discharge');
  }
}
