import { Resource } from './fhir-types';

/** Typed reads of plain FHIR JSON elements that every workflow's rules look at. Resources stay plain JSON. */

export interface ExtensionElement {
  url: string;
  valueCode?: string;
  valueString?: string;
  valueBoolean?: boolean;
  valueDate?: string;
  valueDateTime?: string;
  valueReference?: { reference?: string; display?: string; identifier?: { system?: string; value?: string } };
  valueCoding?: { system?: string; code?: string; display?: string };
}

/** The `reference` of a Reference element, when it is a string. */
export function referenceOf(element: unknown): string | undefined {
  const reference = (element as { reference?: unknown } | undefined)?.reference;
  return typeof reference === 'string' ? reference : undefined;
}

/** The code of a CodeableConcept's coding from one system. */
export function codeIn(concept: unknown, system: string): string | undefined {
  const codings = (concept as { coding?: unknown } | undefined)?.coding;
  if (!Array.isArray(codings)) return undefined;
  const code = (codings as Array<{ system?: unknown; code?: unknown } | null>).find((coding) => coding?.system === system)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function extensionsOf(element: object): ExtensionElement[] {
  const extension = (element as { extension?: unknown }).extension;
  return Array.isArray(extension) ? (extension as ExtensionElement[]) : [];
}

export function extensionOf(element: object, url: string): ExtensionElement | undefined {
  return extensionsOf(element).find((extension) => extension?.url === url);
}

/** The resource with one extension set (replacing any of the same url), or removed when `extension` is undefined. */
export function withExtension<T extends Resource>(resource: T, url: string, extension: Omit<ExtensionElement, 'url'> | undefined): T {
  const others = extensionsOf(resource).filter((existing) => existing?.url !== url);
  const next = extension ? [...others, { url, ...extension }] : others;
  const copy = { ...resource } as T & { extension?: unknown };
  if (next.length) copy.extension = next;
  else delete copy.extension;
  return copy;
}

/**
 * Whether two JSON values are the same FHIR content: key order does not matter (PostgreSQL's jsonb hands
 * stored resources back with keys reordered) and neither do prototypes (parsed input may have none).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, index) => sameJson(item, (b as unknown[])[index]));
  const left = Object.entries(a as Record<string, unknown>).filter(([, value]) => value !== undefined);
  const right = b as Record<string, unknown>;
  const rightKeys = Object.keys(right).filter((key) => right[key] !== undefined);
  return left.length === rightKeys.length && left.every(([key, value]) => Object.prototype.hasOwnProperty.call(right, key) && sameJson(value, right[key]));
}
