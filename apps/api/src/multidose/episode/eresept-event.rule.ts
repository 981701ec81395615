import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  DEREGISTRATION_EXTENSION,
  ERESEPT_MESSAGES,
  EreseptMessage,
  MultidoseState,
  PACKED_FROM_LIST_EXTENSION,
  PACKED_OLD_LIST_EXTENSION,
  Resource,
  carriesEreseptMessage,
  ereseptMessageOf,
  extensionOf,
  multidoseStateOf,
  referenceOf,
  withExtension,
} from '@app/fhir';
import { osloDate } from '../../common/calendar/oslo-calendar';
import { DomainError } from '../../common/errors/domain-error';
import { ActorScopeService } from '../../directory/actor-scope.service';
import { actsForAny } from '../../directory/actor-scope';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { StoredResource } from '../../fhir/store/stored-resource';
import { MultidoseEpisodes } from './multidose-episodes';

/** Messages the doctor's side sends (their EPJ, or the GP through Bro), and those the pharmacy's system sends. */
const DOCTOR_MESSAGES: readonly EreseptMessage[] = [EreseptMessage.Registration, EreseptMessage.CompleteList];

const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The e-prescription events of a multidose episode (a `Communication` with its message in `category`):
 * recorded once (they are what happened, so never changed or deleted), by the side that sends that message,
 * for a patient with an open episode; and each moves the episode as the table says, in the same transaction:
 * M25.1 makes it active and completes the pending update; M25.2 makes a change pending; M27.1 with a
 * deregistration ends it; M25.3 that still shows a list older than a change past its due date flags the
 * pharmacy packing the old list.
 */
@Injectable()
export class EreseptEventRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly scopes: ActorScopeService,
    private readonly episodes: MultidoseEpisodes,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Communication', this);
  }

  appliesTo(resource: Resource): boolean {
    return carriesEreseptMessage(resource);
  }

  async prepare(next: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    if (previous) throw DomainError.conflict('an e-prescription event records what happened and is not changed: record a new one', 'Communication');
    const message = ereseptMessageOf(next);
    if (!message) throw DomainError.unprocessable(`Communication.category names an e-prescription message: ${Object.keys(ERESEPT_MESSAGES).join(', ')}`, 'Communication.category');
    const sent = typeof next.sent === 'string' ? Date.parse(next.sent) : NaN;
    if (Number.isNaN(sent) || sent > Date.now() + CLOCK_SKEW_MS) throw DomainError.unprocessable('Communication.sent is when the message was sent, not in the future', 'Communication.sent');
    const episode = await this.episodes.openEpisodeOf(context.client, referenceOf(next.subject));
    if (!episode) throw DomainError.unprocessable('the patient (Communication.subject) has no open multidose episode', 'Communication.subject');
    if (context.actor && !context.decidedByService) {
      const isSystem = context.actor.role === 'system';
      if (DOCTOR_MESSAGES.includes(message)) {
        const scope = context.access?.scope ?? (await this.scopes.scopeOf(context.actor, context.client));
        if (!isSystem && !actsForAny(scope, [referenceOf(episode.resource.careManager), referenceOf(episode.resource.managingOrganization)])) {
          throw DomainError.forbidden(`${message} is sent by the multidose-responsible doctor or their office's system`, 'Communication.category');
        }
      } else if (!isSystem) {
        throw DomainError.forbidden(`${message} is sent by the pharmacy's system`, 'Communication.category');
      }
    }
    if (message === EreseptMessage.DispensingReport && !extensionOf(next, PACKED_FROM_LIST_EXTENSION)) {
      throw DomainError.unprocessable(`a dispensing report (M25.3) says which complete list it packed from (extension ${PACKED_FROM_LIST_EXTENSION})`, 'Communication.extension');
    }
    return { ...next, status: next.status ?? 'completed' };
  }

  async afterWrite(stored: StoredResource, _previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    const event = stored.resource;
    const patient = referenceOf(event.subject)!;
    const message = ereseptMessageOf(event)!;
    const sent = new Date(String(event.sent)).toISOString();
    switch (message) {
      case EreseptMessage.CompleteList:
        await this.episodes.completeListSent(context.client, patient, sent);
        return;
      case EreseptMessage.ChangeRequest: {
        const episode = await this.episodes.openEpisodeOf(context.client, patient);
        if (episode) await this.episodes.move(context.client, episode, MultidoseState.ChangePending, 'M25.2');
        return;
      }
      case EreseptMessage.Registration: {
        if (extensionOf(event, DEREGISTRATION_EXTENSION)?.valueBoolean !== true) return;
        const episode = await this.episodes.openEpisodeOf(context.client, patient);
        if (!episode) return;
        for (const task of await this.episodes.openUpdateTasks(context.client, episode.resource.id!)) {
          await this.fhir.update('Task', task.resource.id!, { ...task.resource, status: 'cancelled' }, { client: context.client, ifMatch: task.versionId, current: task, decidedByService: true });
        }
        await this.episodes.move(context.client, episode, MultidoseState.Ended, 'M27.1');
        return;
      }
      case EreseptMessage.DispensingReport:
        await this.flagOldList(context, patient, event);
        return;
    }
  }

  /** An M25.3 packed from a list older than a change whose update is past its due date: the old list is still being packed. */
  private async flagOldList(context: WriteRuleContext, patient: string, report: Resource): Promise<void> {
    const packedFrom = extensionOf(report, PACKED_FROM_LIST_EXTENSION);
    const listDate = Date.parse(String(packedFrom?.valueDateTime ?? packedFrom?.valueDate ?? ''));
    const episode = await this.episodes.openEpisodeOf(context.client, patient);
    if (!episode || Number.isNaN(listDate)) return;
    const today = osloDate(new Date());
    const overdue = (await this.episodes.openUpdateTasks(context.client, episode.resource.id!)).some((task) => {
      const due = (task.resource.restriction as { period?: { end?: string } } | undefined)?.period?.end;
      return due !== undefined && due < today && listDate < Date.parse(String(task.resource.authoredOn));
    });
    if (!overdue) return;
    await this.episodes.move(context.client, episode, multidoseStateOf(episode.resource) ?? MultidoseState.Active, 'M25.3', (resource) =>
      withExtension(resource, PACKED_OLD_LIST_EXTENSION, { valueDateTime: new Date().toISOString() }),
    );
  }
}

