import { isStoredResourceType } from '@app/fhir';

const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

export interface LocalReference {
  type: string;
  id: string;
}

/**
 * Reads `Type/id` (also `Type/id/_history/n`, and absolute URLs on Bro's own base) as a local
 * reference. Anything else (contained `#x`, other servers, `urn:uuid:`) is not a local reference.
 */
export function parseLocalReference(reference: string, baseUrl: string): LocalReference | undefined {
  let relative = reference;
  if (reference.startsWith(baseUrl + '/')) relative = reference.slice(baseUrl.length + 1);
  const match = RELATIVE.exec(relative);
  if (!match) return undefined;
  return { type: match[1], id: match[2] };
}

/** The form reference search values are stored and compared in: `Type/id` for local ones, the text otherwise. */
export function normalizeReference(reference: string, baseUrl: string): string | undefined {
  if (reference.startsWith('#')) return undefined;
  const local = parseLocalReference(reference, baseUrl);
  return local ? `${local.type}/${local.id}` : reference;
}

export function isLocalStoredReference(local: LocalReference | undefined): local is LocalReference {
  return local !== undefined && isStoredResourceType(local.type);
}
