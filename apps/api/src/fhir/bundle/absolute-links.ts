import { BundleEntry, Resource } from '@app/fhir';

/**
 * A read-only type's searchset as clients need it: a `self` link, every link absolute (a relative
 * `next` cannot be followed by fhir-kit-client and most others), and a `fullUrl` on every entry.
 */
export function withAbsoluteLinks(bundle: Resource, baseUrl: string, resourceType: string, query: string): Resource {
  const typeUrl = `${baseUrl}/${resourceType}`;
  const links = ((bundle.link as Array<{ relation: string; url: string }> | undefined) ?? []).filter((link) => link.relation !== 'self');
  const entries = ((bundle.entry as BundleEntry[] | undefined) ?? []).map((entry) => ({
    ...(entry.resource?.id ? { fullUrl: `${baseUrl}/${entry.resource.resourceType}/${entry.resource.id}` } : {}),
    ...entry,
  }));
  return {
    ...bundle,
    link: [
      { relation: 'self', url: `${typeUrl}${query ? `?${query}` : ''}` },
      ...links.map((link) => ({ ...link, url: new URL(link.url, `${typeUrl}`).toString() })),
    ],
    ...(entries.length ? { entry: entries } : { entry: undefined }),
  };
}
