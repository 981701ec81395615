import { Injectable, OnModuleInit } from '@nestjs/common';
import { Bundle, MessageEvent, Resource } from '@app/fhir';
import { Principal } from '../auth/principal';
import { SqlClient } from '../database/sql-client';
import { DomainError } from '../common/errors/domain-error';
import { IncomingMessage } from '../messaging/message-bundle';
import { MessageEventHandler } from '../messaging/message-event.handler';
import { ProcessMessageService } from '../messaging/process-message.service';
import { HandoverService } from './handover.service';

/**
 * The `discharge-handover` message: the same content as a hand-over transaction (Patient, Encounter,
 * Tasks), received through the same {@link HandoverService}, so both channels give one result.
 */
@Injectable()
export class HandoverMessageHandler implements MessageEventHandler, OnModuleInit {
  constructor(
    private readonly handovers: HandoverService,
    private readonly messages: ProcessMessageService,
  ) {}

  onModuleInit(): void {
    this.messages.registerEvent(MessageEvent.DischargeHandover, this);
  }

  async handle(message: IncomingMessage, actor: Principal | undefined, client: SqlClient): Promise<Resource[]> {
    const entries = message.content.map((entry, index) => {
      const resource = entry.resource;
      if (!resource?.resourceType) throw DomainError.badRequest('every entry of a message carries a resource').inEntry(index + 1);
      return { ...entry, request: { method: 'POST', url: resource.resourceType } };
    });
    // The message's own identity (Bundle.identifier) stands for the hand-over's, as a transaction's would.
    const handover: Bundle = { resourceType: 'Bundle', type: 'transaction', ...(message.bundle.identifier ? { identifier: message.bundle.identifier } : {}), entry: entries };
    const receipt = await this.handovers.receive(handover, 'message', actor, client).catch((error: unknown) => {
      // Entry numbers of the hand-over are one less than in the message, whose entry 0 is the MessageHeader.
      throw error instanceof DomainError ? renumbered(error) : error;
    });
    return (receipt.response.entry ?? [])
      .map((entry) => entry.resource)
      .filter((resource): resource is Resource => resource?.resourceType === 'Task');
  }
}

function renumbered(error: DomainError): DomainError {
  const shift = (text: string) => text.replace(/Bundle\.entry\[(\d+)\]/g, (_, n: string) => `Bundle.entry[${Number(n) + 1}]`);
  return new DomainError(
    error.status,
    error.issues.map((issue) => ({
      ...issue,
      diagnostics: issue.diagnostics && shift(issue.diagnostics),
      expression: issue.expression?.map(shift),
    })),
    error.headers,
  );
}
