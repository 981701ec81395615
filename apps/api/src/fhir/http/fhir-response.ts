import type { Response } from 'express';
import { OperationOutcomeIssue, Resource, operationOutcome } from '@app/fhir';
import { StoredResource, etagOf } from '../store/stored-resource';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export function sendResource(response: Response, status: number, body: Resource, headers: Record<string, string> = {}): void {
  response.status(status);
  response.setHeader('Content-Type', FHIR_JSON);
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.send(JSON.stringify(body));
}

export function sendOperationOutcome(
  response: Response,
  status: number,
  issues: OperationOutcomeIssue[],
  headers: Record<string, string> = {},
): void {
  sendResource(response, status, operationOutcome(issues), headers);
}

/** ETag and Last-Modified for a single-resource response. */
export function versionHeaders(stored: StoredResource): Record<string, string> {
  return { ETag: etagOf(stored.versionId), 'Last-Modified': new Date(stored.lastUpdated).toUTCString() };
}
