import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Bundle, MESSAGE_EVENT_SYSTEM, Resource } from '@app/fhir';
import { AuditEntry } from '../audit/audit-trail.service';
import { Principal } from '../auth/principal';
import { SqlClient } from '../database/sql-client';
import { DomainError } from '../common/errors/domain-error';
import { FhirOperations, OperationResult } from '../fhir/fhir-operations';
import { FhirService } from '../fhir/fhir.service';
import { IncomingMessage, readMessage } from './message-bundle';
import { MessageEventHandler } from './message-event.handler';
import { responseMessage } from './message-response';
import { senderOf } from './message-sender';

/**
 * `POST /fhir/R4/$process-message`: each message is processed exactly once per sender and MessageHeader.id.
 * The answer is stored in the transaction that does the work, so a re-sent message gets the same
 * answer and writes nothing. Fatal errors are remembered too (the same message would fail the same
 * way); transient ones are not, so a retry is processed afresh.
 */
@Injectable()
export class ProcessMessageService implements OnModuleInit {
  private readonly logger = new Logger('Messaging');
  private readonly handlers = new Map<string, MessageEventHandler>();

  constructor(
    private readonly fhir: FhirService,
    private readonly operations: FhirOperations,
  ) {}

  onModuleInit(): void {
    this.operations.register({
      name: 'process-message',
      level: 'system',
      definition: 'http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message',
      affectsState: true,
      invoke: ({ body, actor }) => this.process(body, actor),
    });
  }

  registerEvent(event: string, handler: MessageEventHandler): void {
    this.handlers.set(event, handler);
  }

  async process(body: unknown, actor: Principal | undefined): Promise<OperationResult> {
    const message = readMessage(body);
    const messageId = message.header.id;
    const sender = senderOf(actor);
    try {
      return await this.fhir.inTransaction(undefined, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`message:${sender}:${messageId}`]);
        // A message id is the sender's: another sender's message with the same id is a message of its own.
        const earlier = await earlierAnswer(client, sender, messageId);
        if (earlier) {
          await this.fhir.recordAccess(client, actor, replayedAccess(earlier.resource as Bundle));
          return earlier;
        }
        const handler = message.event ? this.handlers.get(message.event) : undefined;
        if (!handler) throw this.unknownEvent(message);
        const written = await handler.handle(message, actor, client);
        const response = responseMessage(message.header, this.fhir.baseUrl, 'ok', written);
        await this.remember(client, sender, message, 200, response);
        return { status: 200, resource: response };
      });
    } catch (error) {
      if (error instanceof DomainError) {
        const response = responseMessage(message.header, this.fhir.baseUrl, 'fatal-error', [], error.issues);
        // A message that fails like this will fail again: remember the answer (unless a concurrent copy got there first).
        const stored = await this.fhir.inTransaction(undefined, (client) => this.remember(client, sender, message, error.status, response));
        return stored ?? { status: error.status, resource: response };
      }
      this.logger.error(`message ${messageId} failed for a passing reason: ${error instanceof Error ? error.message : String(error)}`);
      const response = responseMessage(message.header, this.fhir.baseUrl, 'transient-error', [], [
        { severity: 'error', code: 'transient', diagnostics: 'Bro could not process the message just now; send it again later' },
      ]);
      return { status: 503, resource: response };
    }
  }

  private unknownEvent(message: IncomingMessage): DomainError {
    const coding = message.header.eventCoding;
    const known = [...this.handlers.keys()].join(', ');
    return DomainError.of(
      422,
      'not-supported',
      `Bro processes the events ${known} of ${MESSAGE_EVENT_SYSTEM}; this message is "${coding?.system ?? ''}|${coding?.code ?? ''}"`,
      'MessageHeader.eventCoding',
    );
  }

  /** Records the answer; returns the earlier answer instead when the message was recorded meanwhile. */
  private async remember(
    client: SqlClient,
    sender: string,
    message: IncomingMessage,
    status: number,
    response: Bundle,
  ): Promise<OperationResult | undefined> {
    const { rowCount } = await client.query(
      `INSERT INTO processed_message (sender, message_id, event, http_status, response) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sender, message_id) DO NOTHING`,
      [sender, message.header.id, message.event ?? 'unknown', status, JSON.stringify(response)],
    );
    if (rowCount) return undefined;
    return earlierAnswer(client, sender, message.header.id);
  }
}

/** The answer stored for a sender's message, if it was processed before. */
async function earlierAnswer(client: SqlClient, sender: string, messageId: string): Promise<OperationResult | undefined> {
  const { rows } = await client.query<{ http_status: number; response: Bundle }>('SELECT http_status, response FROM processed_message WHERE sender = $1 AND message_id = $2', [
    sender,
    messageId,
  ]);
  return rows[0] && { status: rows[0].http_status, resource: rows[0].response };
}

/** A replayed answer shows its resources again: each is audited as read, like the first answer's were written. */
export function replayedAccess(response: Bundle): AuditEntry[] {
  return (response.entry ?? [])
    .map((entry) => entry.resource)
    .filter((resource): resource is Resource => Boolean(resource?.resourceType && resource.id) && resource?.resourceType !== 'MessageHeader' && resource?.resourceType !== 'OperationOutcome')
    .map((resource) => ({ subtype: 'read' as const, resource }));
}
