/**
 * Values at a dotted element path, walking through arrays at every step:
 * `participant.actor` on an Appointment gives every participant's actor. A step `extension[<url>]`
 * takes only the extensions with that url (`extension[urn:bro:extension:planning-unit].valueReference`; a url without dots),
 * so a parameter can be declared on one extension without taking every other one's value.
 */
export function valuesAtPath(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const step of path.split('.')) {
    const filtered = /^(extension|modifierExtension)\[(.+)\]$/.exec(step);
    const name = filtered ? filtered[1] : step;
    const next: unknown[] = [];
    for (const node of current) {
      if (!node || typeof node !== 'object') continue;
      const value = (node as Record<string, unknown>)[name];
      if (Array.isArray(value)) next.push(...value);
      else if (value !== undefined && value !== null) next.push(value);
    }
    current = filtered ? next.filter((item) => (item as { url?: unknown } | null)?.url === filtered[2]) : next;
  }
  return current;
}
