import { randomUUID } from 'node:crypto';
import { Bundle, OperationOutcomeIssue, Resource } from '@app/fhir';
import { MessageHeader } from './message-bundle';

/** MessageHeader.response.code: ok, or an error the sender should (transient) or should not (fatal) retry. */
export type ResponseCode = 'ok' | 'transient-error' | 'fatal-error';

/**
 * The acknowledgement a sender's system waits for: a message Bundle whose MessageHeader answers the
 * request's id with a response code, carrying what was written (ok) or an OperationOutcome (errors).
 */
export function responseMessage(request: MessageHeader, baseUrl: string, code: ResponseCode, resources: Resource[], issues: OperationOutcomeIssue[] = []): Bundle {
  const outcomeUrl = `urn:uuid:${randomUUID()}`;
  const outcome = issues.length ? { resourceType: 'OperationOutcome', issue: issues } : undefined;
  const header = {
    resourceType: 'MessageHeader',
    id: randomUUID(),
    eventCoding: request.eventCoding,
    ...(request.source?.endpoint ? { destination: [{ endpoint: request.source.endpoint }] } : {}),
    source: { name: 'Bro', endpoint: `${baseUrl}/$process-message` },
    response: { identifier: request.id, code, ...(outcome ? { details: { reference: outcomeUrl } } : {}) },
    ...(resources.length ? { focus: resources.map((r) => ({ reference: `${r.resourceType}/${r.id}` })) } : {}),
  };
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    type: 'message',
    timestamp: new Date().toISOString(),
    entry: [
      { fullUrl: `urn:uuid:${header.id}`, resource: header },
      ...resources.map((resource) => ({ fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`, resource })),
      ...(outcome ? [{ fullUrl: outcomeUrl, resource: outcome }] : []),
    ],
  };
}
