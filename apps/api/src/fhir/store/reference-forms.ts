/** One `Reference.reference` inside a resource: its text, where it sits, and how to replace it. */
export interface FoundReference {
  value: string;
  expression: string;
  set(value: string): void;
}

/** `Type?criteria`: a conditional reference, which a transaction resolves by search before it writes. */
export const CONDITIONAL_REFERENCE = /^([A-Z][A-Za-z]+)\?(.+)$/;

/** References that name a Bundle entry (its fullUrl) rather than a stored resource. */
export const ENTRY_REFERENCE = /^urn:(uuid|oid):/;

/**
 * Every `reference` string in the resource, in document order; contained resources' too unless
 * `withContained` is false (their references are the container's own business, `#id` mostly).
 */
export function referencesIn(resource: { resourceType?: unknown }, withContained = true): FoundReference[] {
  const found: FoundReference[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, `${path}[${index}]`));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (key === 'contained' && !withContained) continue;
      if (key === 'reference' && typeof value === 'string') {
        found.push({ value, expression: `${path}.reference`, set: (next) => (record[key] = next) });
      } else if (value && typeof value === 'object') {
        walk(value, `${path}.${key}`);
      }
    }
  };
  walk(resource, String(resource.resourceType ?? 'Resource'));
  return found;
}

/**
 * The first reference that only means something inside a transaction Bundle (`urn:uuid:`, `urn:oid:`,
 * `Type?criteria`), if any: stored as it is, it would point at nothing (a Task "for" no patient).
 */
export function unresolvedReferenceOf(resource: { resourceType?: unknown }): FoundReference | undefined {
  return referencesIn(resource).find((reference) => ENTRY_REFERENCE.test(reference.value) || CONDITIONAL_REFERENCE.test(reference.value));
}
