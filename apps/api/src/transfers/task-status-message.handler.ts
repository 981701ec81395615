import { Injectable, OnModuleInit } from '@nestjs/common';
import { MessageEvent, Resource } from '@app/fhir';
import { Principal } from '../auth/principal';
import { SqlClient } from '../database/sql-client';
import { DomainError } from '../common/errors/domain-error';
import { FhirService } from '../fhir/fhir.service';
import { IncomingMessage } from '../messaging/message-bundle';
import { MessageEventHandler } from '../messaging/message-event.handler';
import { ProcessMessageService } from '../messaging/process-message.service';

/**
 * The `task-status` message: a GP system reports a Task's new status. The Task in the message is
 * the new version; its meta.versionId is the version it was based on (the message's If-Match), and
 * the state machine judges it exactly as it judges a REST update.
 */
@Injectable()
export class TaskStatusMessageHandler implements MessageEventHandler, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly messages: ProcessMessageService,
  ) {}

  onModuleInit(): void {
    this.messages.registerEvent(MessageEvent.TaskStatus, this);
  }

  async handle(message: IncomingMessage, actor: Principal | undefined, client: SqlClient): Promise<Resource[]> {
    const tasks = message.content.map((entry, index) => ({ task: entry.resource, index: index + 1 })).filter(({ task }) => task?.resourceType === 'Task');
    if (tasks.length !== 1) throw DomainError.unprocessable(`a task-status message carries exactly one Task, this one has ${tasks.length}`, 'Bundle.entry');
    const { task, index } = tasks[0];
    const id = task!.id;
    if (typeof id !== 'string') throw DomainError.unprocessable('the Task of a task-status message carries the id of the task it changes', 'Task.id').inEntry(index);
    const basedOn = Number(task!.meta?.versionId);
    if (!Number.isInteger(basedOn) || basedOn < 1) {
      throw DomainError.preconditionRequired('the Task of a task-status message carries meta.versionId: the version the change is based on').inEntry(index);
    }
    try {
      const result = await this.fhir.update('Task', id, task, { ifMatch: basedOn, client, actor });
      return [result.resource];
    } catch (error) {
      throw error instanceof DomainError ? error.inEntry(index) : error;
    }
  }
}
