import type { Request } from 'express';
import { isStoredResourceType } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { isVersionNumber, versionFromETag } from '../store/stored-resource';
import { RESOURCE_ID } from '../search/search-cursor';

/** The resource type from the URL, or 404 for one Bro does not serve. */
export function resourceTypeParam(type: string): string {
  if (!isStoredResourceType(type)) throw DomainError.notFound(`Bro does not serve the resource type "${type}"`);
  return type;
}

/**
 * The id from the URL, or 400 when it cannot be a FHIR id (1 to 64 letters, digits, '-' and '.'): no
 * resource has such an id, and a 10 kB or otherwise absurd one is not worth a database round trip.
 */
export function resourceIdParam(id: string): string {
  if (!RESOURCE_ID.test(id)) {
    throw DomainError.badRequest(`"${id.length > 70 ? `${id.slice(0, 64)}…` : id}" is not a FHIR id (1 to 64 letters, digits, '-' and '.')`);
  }
  return id;
}

/** A version number from the URL: 404 for anything no version can be (not a number, or beyond MAX_VERSION). */
export function versionIdParam(resourceType: string, id: string, versionId: string): string {
  if (!isVersionNumber(versionId)) throw DomainError.notFound(`${resourceType}/${id} has no version "${versionId.slice(0, 64)}"`);
  return versionId;
}

export function ifMatchOf(request: Request): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const version = versionFromETag(String(header));
  if (version === undefined) throw DomainError.badRequest(`If-Match must be a version ETag such as W/"3", got ${String(header)}`);
  return version;
}

/** The query string as ordered pairs: FHIR search repeats parameters, and order matters for links. */
export function queryPairsOf(request: Request): Array<[string, string]> {
  const question = request.originalUrl.indexOf('?');
  if (question < 0) return [];
  return [...new URLSearchParams(request.originalUrl.slice(question + 1)).entries()];
}

/**
 * A POST `_search` form as ordered pairs, like the query string: a parameter given twice stays two
 * parameters (AND: `birthdate=ge1960&birthdate=lt1970`), never one comma-joined value (which would be OR).
 */
export function formPairsOf(request: Request): Array<[string, string]> {
  const body = request.body as Record<string, string | string[]> | undefined;
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((one) => [name, String(one)] as [string, string]));
}

export function queryStringOf(request: Request): string {
  const question = request.originalUrl.indexOf('?');
  return question < 0 ? '' : request.originalUrl.slice(question + 1);
}

/** What a write answers with, as the client's `Prefer: return=` asks: the resource (the default), nothing, or an OperationOutcome. */
export type PreferredReturn = 'representation' | 'minimal' | 'OperationOutcome';

export function preferredReturn(request: Request): PreferredReturn {
  const asked = /(?:^|[;,\s])return\s*=\s*"?(minimal|representation|OperationOutcome)"?/.exec(String(request.headers.prefer ?? ''))?.[1];
  return (asked as PreferredReturn | undefined) ?? 'representation';
}

export function wantsMinimal(request: Request): boolean {
  return preferredReturn(request) === 'minimal';
}

/** The history parameters Bro reads; `_format` and `_pretty` change nothing in JSON. */
const HISTORY_PARAMETERS = new Set(['_count', '_since', '_at', '_cursor']);
const IGNORED_PARAMETERS = new Set(['_format', '_pretty']);

/**
 * The parameters of a history request, or 400: an unknown or repeated parameter would otherwise be
 * ignored and the client given every version as if it had been applied. `_list` is refused by name.
 */
export function historyQueryOf(pairs: Array<[string, string]>): { count?: string; since?: string; at?: string; cursor?: string } {
  const seen = new Map<string, string>();
  for (const [name, value] of pairs) {
    if (IGNORED_PARAMETERS.has(name)) continue;
    if (name === '_list') throw DomainError.badRequest('history by _list is not supported', '_list');
    if (!HISTORY_PARAMETERS.has(name)) {
      throw DomainError.badRequest(`history takes _count, _since, _at and _cursor, not ${name.slice(0, 64)}`, name.slice(0, 64));
    }
    if (seen.has(name)) throw DomainError.badRequest(`${name} is given more than once`, name);
    seen.set(name, value);
  }
  if (seen.has('_since') && seen.has('_at')) throw DomainError.badRequest('history takes _since or _at, not both', '_at');
  return { count: seen.get('_count'), since: seen.get('_since'), at: seen.get('_at'), cursor: seen.get('_cursor') };
}
