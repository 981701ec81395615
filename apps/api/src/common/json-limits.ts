/**
 * Limits every JSON body is held to before anything walks it recursively (validation, search value
 * extraction, reference rewriting, JSON.stringify) or hands it to PostgreSQL.
 *
 * - Depth: at most {@link MAX_JSON_DEPTH} nested objects and arrays. Real FHIR resources stay far
 *   below it (a transaction Bundle with contained resources and nested extensions reaches about 15);
 *   thousands of nested extensions would otherwise overflow the stack of whatever recurses first.
 * - NUL: no U+0000 in any string or key. PostgreSQL cannot store it in text or jsonb, so a value
 *   carrying one fails only deep inside a write.
 *
 * Size is bounded before this by MAX_BODY_SIZE (the body parser's limit), so no string or array is
 * longer than the body itself.
 */
export const MAX_JSON_DEPTH = 64;

export const NUL = '\u0000';

export interface JsonLimitViolation {
  kind: 'depth' | 'nul';
  /** Where it is, as a FHIRPath-like path from the root (`Patient.name[0].family`), cut short when deep. */
  path: string;
  diagnostics: string;
}

interface Frame {
  value: unknown;
  depth: number;
  parent?: Frame;
  key?: string | number;
}

function pathOf(frame: Frame, root: string): string {
  const keys: Array<string | number> = [];
  for (let at: Frame | undefined = frame; at?.parent; at = at.parent) keys.push(at.key!);
  keys.reverse();
  const shown = keys.length > 12 ? [...keys.slice(0, 6), '…', ...keys.slice(-3)] : keys;
  const printable = (key: string) => (key.length > 40 ? `${key.slice(0, 40)}…` : key).split(NUL).join('\\u0000');
  return shown.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : `${path}.${printable(key)}`), root);
}

/** Shows where a NUL sits without echoing the value itself (it may be patient data). */
function nulViolation(frame: Frame, root: string, inKey: boolean): JsonLimitViolation {
  const path = pathOf(frame, root);
  return {
    kind: 'nul',
    path,
    diagnostics: `${inKey ? `the field name ${path}` : path} contains a NUL character (U+0000), which cannot be stored; remove it`,
  };
}

/**
 * The first place a parsed JSON value breaks the limits, or undefined when it keeps them. Walks with
 * its own stack, never recursion, so the check itself cannot overflow on the input it guards against.
 */
export function findJsonLimitViolation(value: unknown, root = '(body)', maxDepth = MAX_JSON_DEPTH): JsonLimitViolation | undefined {
  const stack: Frame[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const current = frame.value;
    if (typeof current === 'string') {
      if (current.includes(NUL)) return nulViolation(frame, root, false);
      continue;
    }
    if (!current || typeof current !== 'object') continue;
    const depth = frame.depth + 1;
    if (depth > maxDepth) {
      return {
        kind: 'depth',
        path: pathOf(frame, root),
        diagnostics: `the JSON is nested more than ${maxDepth} levels deep (at ${pathOf(frame, root)}); Bro accepts at most ${maxDepth}`,
      };
    }
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) stack.push({ value: current[index], depth, parent: frame, key: index });
      continue;
    }
    const keys = Object.keys(current);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index];
      const child: Frame = { value: (current as Record<string, unknown>)[key], depth, parent: frame, key };
      if (key.includes(NUL)) return nulViolation(child, root, true);
      stack.push(child);
    }
  }
  return undefined;
}

/** Whether text carries a NUL, plain or percent-encoded (`%00`), as URLs, query strings and headers may. */
export function containsNul(text: string): boolean {
  return text.includes(NUL) || /%00/.test(text);
}
