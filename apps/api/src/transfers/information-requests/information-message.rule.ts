import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  InformationMessage,
  Resource,
  TaskKind,
  informationMessageOf,
  informationTextOf,
  isAwaitingInformation,
  questionAnsweredBy,
  taskOfInformationMessage,
} from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { ActorScopeService } from '../../directory/actor-scope.service';
import { taskPartiesOf } from '../../directory/task-parties';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { StoredResource } from '../../fhir/store/stored-resource';
import { isDischargeTask } from '../discharge-task-event';
import { INFORMATION_MESSAGE_FACT, InformationMessageFacts } from './information-message-event';
import { answerOf } from './task-conversation.query';

/** The task an answer is about, locked in prepare(), for afterWrite() to resume. */
const ANSWERED_TASK = 'information-message.task';

/**
 * A GP's question to the hospital about a transferred task, and the hospital's answer, on every path (the
 * inbox and the coordinator page, FHIR REST, bundles): both record what was said and are never changed; a
 * question is the owning GP's to ask, an answer the requesting unit's to give, once per question; and the
 * answer brings a task held for it back in progress, as the requester, by the status table's conditional move.
 */
@Injectable()
export class InformationMessageRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly scopes: ActorScopeService,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Communication', this);
  }

  appliesTo(resource: Resource): boolean {
    return informationMessageOf(resource) !== undefined;
  }

  async prepare(next: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    if (previous) throw DomainError.conflict('a question or answer about a task records what was said and is not changed: send a new one', 'Communication');
    const message = informationMessageOf(next)!;
    const taskReference = taskOfInformationMessage(next);
    if (!taskReference) throw DomainError.unprocessable('a question or answer names the task it is about (Communication.basedOn Task/<id>)', 'Communication.basedOn');
    if (!informationTextOf(next)?.trim()) throw DomainError.unprocessable('a question or answer says something (Communication.payload.contentString)', 'Communication.payload');
    const prepared = { ...next, status: next.status ?? 'completed' };
    // The inbox has already locked the task and checked that the GP owns it.
    if (message === InformationMessage.Question && context.decidedByService) return prepared;

    const task = await this.fhir.readForUpdate('Task', taskReference.slice('Task/'.length), { client: context.client, access: context.access });
    if (!task || !isDischargeTask(task.resource)) throw DomainError.unprocessable(`${taskReference} is not a transferred task you can see`, 'Communication.basedOn');
    const parties = context.actor && !context.decidedByService ? taskPartiesOf(context.access?.scope ?? (await this.scopes.scopeOf(context.actor, context.client)), task.resource) : undefined;
    if (message === InformationMessage.Question) {
      if (parties && !parties.includes('owner')) throw DomainError.forbidden("only the GP who owns the task asks the hospital about it", 'Communication.sender');
      return prepared;
    }
    if (parties && !parties.includes('requester')) throw DomainError.forbidden("only the hospital unit that handed the task over answers the GP's question", 'Communication.sender');
    const question = questionAnsweredBy(next);
    if (!question) throw DomainError.unprocessable('an answer names the question it answers (Communication.inResponseTo)', 'Communication.inResponseTo');
    // Locked, so two coordinators answering at once answer it once.
    const asked = await this.fhir.readForUpdate('Communication', question.slice('Communication/'.length), { client: context.client, access: context.access });
    if (!asked || informationMessageOf(asked.resource) !== InformationMessage.Question || taskOfInformationMessage(asked.resource) !== taskReference) {
      throw DomainError.unprocessable(`${question} is not a question about ${taskReference}`, 'Communication.inResponseTo');
    }
    if (await answerOf(context.client, taskReference, question)) throw DomainError.conflict(`${question} has been answered already`, 'Communication.inResponseTo');
    context.scratch.set(ANSWERED_TASK, task);
    return prepared;
  }

  async afterWrite(stored: StoredResource, _previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    const message = informationMessageOf(stored.resource)!;
    const facts: InformationMessageFacts = {
      taskKind: TaskKind.DischargeFollowUp,
      message,
      task: taskOfInformationMessage(stored.resource)!,
    };
    context.eventFacts[INFORMATION_MESSAGE_FACT] = facts;
    const task = context.scratch.get(ANSWERED_TASK) as StoredResource | undefined;
    if (message !== InformationMessage.Answer || !task || !isAwaitingInformation(task.resource)) return;
    await this.fhir.update('Task', task.resource.id!, { ...task.resource, status: 'in-progress' }, {
      client: context.client,
      ifMatch: task.versionId,
      current: task,
      actor: context.actor,
      access: context.access,
      decidedByService: context.decidedByService,
    });
  }
}
