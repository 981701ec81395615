import type { Request } from 'express';
import { isStoredResourceType } from '@app/fhir';
import { FhirError } from '../errors/fhir-error';
import { versionFromETag } from '../store/stored-resource';

/** The resource type from the URL, or 404 for one Bro does not serve. */
export function resourceTypeParam(type: string): string {
  if (!isStoredResourceType(type)) throw FhirError.notFound(`Bro does not serve the resource type "${type}"`);
  return type;
}

export function ifMatchOf(request: Request): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const version = versionFromETag(String(header));
  if (version === undefined) throw FhirError.badRequest(`If-Match must be a version ETag such as W/"3", got ${String(header)}`);
  return version;
}

/** The query string as ordered pairs: FHIR search repeats parameters, and order matters for links. */
export function queryPairsOf(request: Request): Array<[string, string]> {
  const question = request.originalUrl.indexOf('?');
  if (question < 0) return [];
  return [...new URLSearchParams(request.originalUrl.slice(question + 1)).entries()];
}

export function queryStringOf(request: Request): string {
  const question = request.originalUrl.indexOf('?');
  return question < 0 ? '' : request.originalUrl.slice(question + 1);
}

export function wantsMinimal(request: Request): boolean {
  return /return=minimal/.test(String(request.headers.prefer ?? ''));
}
