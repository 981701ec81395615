import { Injectable, OnModuleInit } from '@nestjs/common';
import { MessageEvent, Resource, TaskKind, taskKindOf } from '@app/fhir';
import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { SqlClient } from '../database/sql-client';
import { FhirService } from '../fhir/fhir.service';
import { IncomingMessage } from '../messaging/message-bundle';
import { MessageEventHandler } from '../messaging/message-event.handler';
import { ProcessMessageService } from '../messaging/process-message.service';

/**
 * The `referral-answer` message: a hospital system answers a referral. The message carries the referral
 * Task's new version (its Volven 9148 answer in businessStatus, a rejection's reason in statusReason);
 * its meta.versionId is the version the answer is based on (the message's If-Match). The referral rule
 * judges it exactly as a REST update, and `$process-message` makes it happen once per sender and
 * MessageHeader.id, the answer (and any routing) in the same transaction.
 */
@Injectable()
export class ReferralAnswerMessageHandler implements MessageEventHandler, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly messages: ProcessMessageService,
  ) {}

  onModuleInit(): void {
    this.messages.registerEvent(MessageEvent.ReferralAnswer, this);
  }

  async handle(message: IncomingMessage, actor: Principal | undefined, client: SqlClient): Promise<Resource[]> {
    const tasks = message.content.map((entry, index) => ({ task: entry.resource, index: index + 1 })).filter(({ task }) => task?.resourceType === 'Task');
    if (tasks.length !== 1) throw DomainError.unprocessable(`a referral-answer message carries exactly one Task, this one has ${tasks.length}`, 'Bundle.entry');
    const { task, index } = tasks[0];
    try {
      const id = task!.id;
      if (typeof id !== 'string') throw DomainError.unprocessable('the Task of a referral-answer message carries the id of the referral it answers', 'Task.id');
      const basedOn = Number(task!.meta?.versionId);
      if (!Number.isInteger(basedOn) || basedOn < 1) {
        throw DomainError.preconditionRequired('the Task of a referral-answer message carries meta.versionId: the version the answer is based on');
      }
      const result = await this.fhir.update('Task', id, task, { ifMatch: basedOn, client, actor });
      // Judged after the write (which answers 404 for what the sender may not see): the message's transaction rolls it back.
      if (taskKindOf(result.resource) !== TaskKind.ReferralFulfilment) {
        throw DomainError.unprocessable(`Task/${id} is not a referral: a referral-answer message answers referral Tasks (urn:bro:task-kind|referral-fulfilment) only`, 'Task.code');
      }
      return [result.resource];
    } catch (error) {
      throw error instanceof DomainError ? error.inEntry(index) : error;
    }
  }
}
