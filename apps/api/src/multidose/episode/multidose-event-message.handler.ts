import { Injectable, OnModuleInit } from '@nestjs/common';
import { MessageEvent, Resource } from '@app/fhir';
import { Principal } from '../../auth/principal';
import { DomainError } from '../../common/errors/domain-error';
import { SqlClient } from '../../database/sql-client';
import { FhirService } from '../../fhir/fhir.service';
import { IncomingMessage } from '../../messaging/message-bundle';
import { MessageEventHandler } from '../../messaging/message-event.handler';
import { ProcessMessageService } from '../../messaging/process-message.service';

/**
 * The `multidose-event` message: a GP's EPJ or a pharmacy system reports one e-prescription message about a
 * multidose patient as a Communication (its message in `category`). It is recorded exactly as a POST of
 * that Communication would be (the same rule judges it and moves the episode), and `$process-message` makes
 * it happen once per sender and MessageHeader.id.
 */
@Injectable()
export class MultidoseEventMessageHandler implements MessageEventHandler, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly messages: ProcessMessageService,
  ) {}

  onModuleInit(): void {
    this.messages.registerEvent(MessageEvent.MultidoseEvent, this);
  }

  async handle(message: IncomingMessage, actor: Principal | undefined, client: SqlClient): Promise<Resource[]> {
    const events = message.content.map((entry, index) => ({ event: entry.resource, index: index + 1 })).filter(({ event }) => event?.resourceType === 'Communication');
    if (events.length !== 1) throw DomainError.unprocessable(`a multidose-event message carries exactly one Communication, this one has ${events.length}`, 'Bundle.entry');
    const { event, index } = events[0];
    try {
      const created = await this.fhir.create('Communication', event, { client, actor });
      return [created.resource];
    } catch (error) {
      throw error instanceof DomainError ? error.inEntry(index) : error;
    }
  }
}
