/**
 * R4's dom-3: a contained resource exists only for the resource that holds it, so something in that
 * resource must refer to it (`#id`), or it must refer to its container (`#`). One nothing refers to
 * is data without context, and one without an id cannot be referred to at all.
 */

type Json = unknown;

/** Every string in `value` that starts with `#` (references, canonicals and uris alike, as dom-3 reads them). */
function collectLocal(value: Json, into: Set<string>): Set<string> {
  if (typeof value === 'string') {
    if (value.charCodeAt(0) === 35 /* # */) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectLocal(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const key in value) collectLocal((value as Record<string, Json>)[key], into);
  }
  return into;
}

/** The positions in `contained` of resources nothing refers to and that do not refer to their container. */
export function unreferencedContained(resource: Record<string, Json>): number[] {
  const contained = resource.contained;
  if (!Array.isArray(contained) || contained.length === 0) return [];
  const everywhere = collectLocal(resource, new Set());
  const unreferenced: number[] = [];
  contained.forEach((item: Json, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return;
    const id = (item as Record<string, Json>).id;
    if (typeof id === 'string' && id !== '' && everywhere.has(`#${id}`)) return;
    if (collectLocal(item, new Set()).has('#')) return;
    unreferenced.push(index);
  });
  return unreferenced;
}
