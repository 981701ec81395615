import { Bundle, BundleLink, Resource } from '@app/fhir';
import { SearchResult } from '../search/fhir-search.service';
import { SearchRequest } from '../search/search-request';
import { subsetResource } from '../search/resource-subset';

function linkUrl(baseUrl: string, request: SearchRequest, cursor?: string): string {
  const query = new URLSearchParams(request.definingParams);
  if (cursor) query.append('_cursor', cursor);
  const text = query.toString();
  return `${baseUrl}/${request.resourceType}${text ? `?${text}` : ''}`;
}

/**
 * A searchset Bundle with `self`, `next` and `previous` links that page by cursor. `_summary` cuts down
 * every resource in it, `_elements` the matches only (FHIR: it does not apply to included resources).
 * Parameters left out under `Prefer: handling=lenient` are named in an OperationOutcome entry.
 */
export function searchsetBundle(baseUrl: string, request: SearchRequest, result: SearchResult): Bundle {
  const link: BundleLink[] = [{ relation: 'self', url: linkUrl(baseUrl, request, request.rawCursor) }];
  if (result.nextCursor) link.push({ relation: 'next', url: linkUrl(baseUrl, request, result.nextCursor) });
  if (result.previousCursor) link.push({ relation: 'previous', url: linkUrl(baseUrl, request, result.previousCursor) });
  const entry = (resource: Resource, mode: 'match' | 'include') => ({
    fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`,
    resource: subsetResource(resource, { summary: request.summary, ...(mode === 'match' ? { elements: request.elements } : {}) }),
    search: { mode },
  });
  const outcome = request.ignored.length
    ? [
        {
          resource: {
            resourceType: 'OperationOutcome',
            issue: request.ignored.map((ignored) => ({
              severity: 'warning',
              code: 'not-supported',
              diagnostics: `${ignored.name} was ignored (Prefer: handling=lenient): ${ignored.diagnostics}`,
              expression: [ignored.name],
            })),
          } as Resource,
          search: { mode: 'outcome' as const },
        },
      ]
    : [];
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(result.total !== undefined ? { total: result.total } : {}),
    link,
    entry: [...result.matches.map((r) => entry(r, 'match')), ...result.included.map((r) => entry(r, 'include')), ...outcome],
  };
}
