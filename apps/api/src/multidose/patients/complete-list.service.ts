import { Injectable } from '@nestjs/common';
import { ERESEPT_MESSAGES, ERESEPT_MESSAGE_SYSTEM, EreseptMessage, MultidoseState, multidoseStateOf, referenceOf } from '@app/fhir';
import { AccessPolicy } from '../../access/access-policy';
import { DomainError } from '../../common/errors/domain-error';
import { FhirService } from '../../fhir/fhir.service';
import { MultidoseEpisodeViewService } from './multidose-episode-view.service';

/**
 * The GP records that they sent the updated complete list (M25.1) from their EPJ: the same Communication an
 * EPJ would post, created through FhirService as the GP, so the e-prescription event rule decides as on
 * /fhir/R4 (only the responsible doctor or their office: 403 otherwise) and, in the same transaction, makes
 * the episode active again and completes its update Task. Bro sends no message itself.
 */
@Injectable()
export class CompleteListService {
  constructor(
    private readonly fhir: FhirService,
    private readonly episodes: MultidoseEpisodeViewService,
  ) {}

  async record(caller: AccessPolicy, patientId: string, version: number | undefined, now = new Date()): Promise<void> {
    const episode = await this.episodes.episodeOf(caller.principal, patientId);
    if (multidoseStateOf(episode) === MultidoseState.Ended) throw DomainError.conflict('the multidose episode has ended: there is no list to update', 'EpisodeOfCare');
    const current = Number(episode.meta?.versionId);
    if (version !== undefined && version !== current) {
      throw DomainError.preconditionFailed(`the multidose episode changed since you saw it (version ${version}, now ${current}): look again before recording the list`);
    }
    // The sender is the doctor as the episode names them, when that is the caller; else the caller's own role.
    const careManager = referenceOf(episode.careManager);
    const sender = careManager && caller.scope.practitionerRoles.includes(careManager) ? careManager : caller.scope.practitionerRoles[0];
    await this.fhir.create(
      'Communication',
      {
        resourceType: 'Communication',
        status: 'completed',
        category: [{ coding: [{ system: ERESEPT_MESSAGE_SYSTEM, code: EreseptMessage.CompleteList, display: ERESEPT_MESSAGES[EreseptMessage.CompleteList].display }] }],
        subject: { reference: `Patient/${patientId}` },
        ...(sender ? { sender: { reference: sender } } : {}),
        sent: now.toISOString(),
      },
      { actor: caller.principal, access: caller },
    );
  }
}
