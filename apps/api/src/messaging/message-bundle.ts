import { Bundle, BundleEntry, MESSAGE_EVENT_SYSTEM, Resource } from '@app/fhir';
import { DomainError } from '../common/errors/domain-error';

export interface MessageHeader extends Resource {
  resourceType: 'MessageHeader';
  id: string;
  eventCoding?: { system?: string; code?: string; display?: string };
  source?: { endpoint?: string; name?: string };
  focus?: Array<{ reference?: string }>;
}

export interface IncomingMessage {
  header: MessageHeader;
  event: string | undefined;
  /** The message's content: every entry after the MessageHeader. */
  content: BundleEntry[];
  bundle: Bundle;
}

/**
 * Reads a FHIR message Bundle far enough to acknowledge it: a Bundle of type message whose first
 * entry is a MessageHeader with an id. Without those there is nothing to answer to, so 400.
 */
export function readMessage(body: unknown): IncomingMessage {
  const bundle = body as Bundle;
  if (!bundle || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle') throw DomainError.badRequest('$process-message takes a Bundle of type message');
  if (bundle.type !== 'message') throw DomainError.badRequest(`$process-message takes a Bundle of type message, got "${String(bundle.type)}"`, 'Bundle.type');
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  const header = entries[0]?.resource as MessageHeader | undefined;
  if (header?.resourceType !== 'MessageHeader') throw DomainError.badRequest('the first entry of a message is its MessageHeader', 'Bundle.entry[0]');
  if (typeof header.id !== 'string' || !/^[A-Za-z0-9\-.]{1,64}$/.test(header.id)) {
    throw DomainError.badRequest('MessageHeader.id identifies the message (exactly-once processing needs it)', 'MessageHeader.id');
  }
  const coding = header.eventCoding;
  const event = coding?.system === MESSAGE_EVENT_SYSTEM ? coding.code : undefined;
  return { header, event, content: entries.slice(1), bundle };
}
