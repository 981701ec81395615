import { Resource } from '@app/fhir';
import { Principal } from '../auth/principal';
import { SqlClient } from '../database/sql-client';
import { IncomingMessage } from './message-bundle';

/** Processes one kind of message event inside the transaction that also records the message as processed. */
export interface MessageEventHandler {
  handle(message: IncomingMessage, actor: Principal | undefined, client: SqlClient): Promise<Resource[]>;
}
