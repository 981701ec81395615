import { BundleEntry, isStoredResourceType } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { versionFromETag } from '../store/stored-resource';
import { containsNul } from '../../common/json-limits';

export type EntryMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A Bundle entry's `request`, checked and split into its parts. */
export interface EntryRequest {
  index: number;
  method: EntryMethod;
  resourceType: string;
  id?: string;
  versionId?: string;
  /** Query string after `?` (search or conditional criteria). */
  query?: string;
  history?: boolean;
  ifMatch?: number;
  ifNoneExist?: string;
  entry: BundleEntry;
}

const METHODS: EntryMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const PATH = /^([A-Za-z]+)(?:\/([A-Za-z0-9\-.]{1,64})(?:\/(_history)(?:\/([A-Za-z0-9\-.]{1,64}))?)?)?$/;

export function parseEntryRequest(entry: BundleEntry, index: number, baseUrl: string): EntryRequest {
  const where = `Bundle.entry[${index}].request`;
  const request = entry?.request;
  if (!request || typeof request !== 'object') throw DomainError.badRequest(`${where} is required`, where);
  const method = String(request.method ?? '').toUpperCase() as EntryMethod;
  if (!METHODS.includes(method)) throw DomainError.badRequest(`${where}.method must be one of ${METHODS.join(', ')}`, `${where}.method`);
  if (typeof request.url !== 'string' || request.url === '') throw DomainError.badRequest(`${where}.url is required`, `${where}.url`);
  let url = request.url.startsWith(baseUrl + '/') ? request.url.slice(baseUrl.length + 1) : request.url;
  url = url.replace(/^\//, '');
  const [path, query] = url.split('?', 2) as [string, string | undefined];
  const match = PATH.exec(path);
  if (!match) throw DomainError.badRequest(`${where}.url "${request.url}" is not a resource URL`, `${where}.url`);
  const [, resourceType, id, history, versionId] = match;
  if (!isStoredResourceType(resourceType)) throw DomainError.notFound(`${where}.url: unknown resource type ${resourceType}`);
  if (query !== undefined && containsNul(query)) throw DomainError.badRequest(`${where}.url must not contain a NUL character (%00)`, `${where}.url`);
  if (request.ifNoneExist !== undefined && (typeof request.ifNoneExist !== 'string' || containsNul(request.ifNoneExist))) {
    throw DomainError.badRequest(`${where}.ifNoneExist must be search criteria such as identifier=system|value, without NUL characters`, `${where}.ifNoneExist`);
  }
  let ifMatch: number | undefined;
  if (request.ifMatch !== undefined) {
    ifMatch = typeof request.ifMatch === 'string' ? versionFromETag(request.ifMatch) : undefined;
    if (ifMatch === undefined) throw DomainError.badRequest(`${where}.ifMatch must be an ETag such as W/"3"`, `${where}.ifMatch`);
  }
  return {
    index,
    method,
    resourceType,
    id,
    versionId,
    history: history !== undefined,
    query,
    ifMatch,
    ifNoneExist: request.ifNoneExist,
    entry,
  };
}
