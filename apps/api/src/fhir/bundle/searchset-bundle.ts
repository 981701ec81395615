import { Bundle, BundleLink, Resource } from '@app/fhir';
import { SearchResult } from '../search/fhir-search.service';
import { SearchRequest } from '../search/search-request';

function linkUrl(baseUrl: string, request: SearchRequest, cursor?: string): string {
  const query = new URLSearchParams(request.definingParams);
  if (cursor) query.append('_cursor', cursor);
  const text = query.toString();
  return `${baseUrl}/${request.resourceType}${text ? `?${text}` : ''}`;
}

/** A searchset Bundle with `self`, `next` and `previous` links that page by cursor. */
export function searchsetBundle(baseUrl: string, request: SearchRequest, result: SearchResult): Bundle {
  const link: BundleLink[] = [{ relation: 'self', url: linkUrl(baseUrl, request, request.rawCursor) }];
  if (result.nextCursor) link.push({ relation: 'next', url: linkUrl(baseUrl, request, result.nextCursor) });
  if (result.previousCursor) link.push({ relation: 'previous', url: linkUrl(baseUrl, request, result.previousCursor) });
  const entry = (resource: Resource, mode: 'match' | 'include') => ({
    fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode },
  });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(result.total !== undefined ? { total: result.total } : {}),
    link,
    entry: [...result.matches.map((r) => entry(r, 'match')), ...result.included.map((r) => entry(r, 'include'))],
  };
}
