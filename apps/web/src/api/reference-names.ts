import { useEffect, useState } from 'react';
import { apiRequest } from './api-client';

/**
 * Names for directory references (`Organization/<id>`, `PractitionerRole/<id>`) that tasks carry
 * without a display: looked up once per tab, many ids per search, and kept (the directory rarely changes).
 */
const known = new Map<string, string>();
const inFlight = new Map<string, Promise<void>>();

interface DirectoryResource {
  resourceType: string;
  id: string;
  name?: string;
  practitioner?: { display?: string };
  organization?: { display?: string };
}

function nameOf(resource: DirectoryResource): string | undefined {
  if (resource.resourceType === 'Organization') return resource.name;
  if (resource.resourceType === 'PractitionerRole') return [resource.practitioner?.display, resource.organization?.display].filter(Boolean).join(', ') || undefined;
  return undefined;
}

async function lookUp(type: string, ids: string[]): Promise<void> {
  const bundle = await apiRequest<{ entry?: Array<{ resource?: DirectoryResource }> }>(`/fhir/R4/${type}?_id=${ids.map(encodeURIComponent).join(',')}&_count=${ids.length}`);
  for (const entry of bundle.entry ?? []) {
    const name = entry.resource && nameOf(entry.resource);
    if (name) known.set(`${type}/${entry.resource!.id}`, name);
  }
}

const LOOKUP_TYPES = new Set(['Organization', 'PractitionerRole']);
const MAX_IDS_PER_SEARCH = 50;

export function useReferenceNames(references: Array<string | undefined>): ReadonlyMap<string, string> {
  const [, setVersion] = useState(0);
  const wanted = [...new Set(references.filter((ref): ref is string => Boolean(ref)))].sort();
  const key = wanted.join(' ');

  useEffect(() => {
    const missing = wanted.filter((ref) => !known.has(ref) && !inFlight.has(ref) && LOOKUP_TYPES.has(ref.split('/')[0]));
    const byType = new Map<string, string[]>();
    for (const ref of missing) {
      const [type, id] = ref.split('/');
      byType.set(type, [...(byType.get(type) ?? []), id]);
    }
    const lookups: Promise<void>[] = [];
    for (const [type, ids] of byType) {
      for (let i = 0; i < ids.length; i += MAX_IDS_PER_SEARCH) {
        const chunk = ids.slice(i, i + MAX_IDS_PER_SEARCH);
        // A failed look-up leaves the reference unnamed; the screen still works without the name.
        const lookup = lookUp(type, chunk).catch(() => undefined);
        chunk.forEach((id) => inFlight.set(`${type}/${id}`, lookup));
        lookups.push(lookup);
      }
    }
    let current = true;
    const all = [...new Set(wanted.map((ref) => inFlight.get(ref)).filter(Boolean))];
    if (all.length) void Promise.all(all).then(() => current && setVersion((v) => v + 1));
    return () => {
      current = false;
    };
    // `key` is the wanted references' content; the array itself is new on every render.
  }, [key]);

  return known;
}
