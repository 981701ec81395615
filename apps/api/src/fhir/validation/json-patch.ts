import { DomainError } from '../../common/errors/domain-error';
import { findJsonLimitViolation } from '../../common/json-limits';

const OPERATIONS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);
const NEEDS_VALUE = new Set(['add', 'replace', 'test']);
const NEEDS_FROM = new Set(['move', 'copy']);
/** A JSON Pointer (RFC 6901): empty, or `/`-separated tokens with `~` only as `~0` or `~1`. */
const POINTER = /^(\/([^~/]|~[01])*)*$/;
/** More operations than any real change needs; a patch is a small edit, not a bulk load. */
export const MAX_PATCH_OPERATIONS = 1000;

function invalid(index: number, diagnostics: string): DomainError {
  return DomainError.badRequest(`JSON Patch operation ${index}: ${diagnostics}`, `Patch[${index}]`);
}

/**
 * Checks a JSON Patch (RFC 6902) document before it is applied: an array of well-formed operations,
 * each a known `op` with a JSON Pointer `path` (and `from`, `value` where the op needs them), within
 * the JSON limits, and none replacing or removing the whole resource (that is an update: use PUT).
 * What the patched resource must satisfy is checked after it is applied, as for any update.
 */
export function assertJsonPatch(operations: unknown): void {
  if (!Array.isArray(operations)) throw DomainError.badRequest('a JSON Patch body must be an array of operations');
  if (operations.length > MAX_PATCH_OPERATIONS) throw DomainError.badRequest(`a JSON Patch may hold at most ${MAX_PATCH_OPERATIONS} operations`);
  const violation = findJsonLimitViolation(operations, 'Patch');
  if (violation) throw DomainError.badRequest(violation.diagnostics, violation.path);
  operations.forEach((operation: unknown, index) => {
    if (!operation || typeof operation !== 'object' || Array.isArray(operation)) throw invalid(index, 'must be an object');
    const { op, path, from } = operation as Record<string, unknown>;
    if (typeof op !== 'string' || !OPERATIONS.has(op)) throw invalid(index, `op must be one of ${[...OPERATIONS].join(', ')}`);
    if (typeof path !== 'string' || !POINTER.test(path)) throw invalid(index, 'path must be a JSON Pointer such as /status');
    if (path === '' && op !== 'test') throw invalid(index, `"${op}" on the whole resource is an update; send it with PUT`);
    if (NEEDS_FROM.has(op) && (typeof from !== 'string' || !POINTER.test(from) || from === '')) {
      throw invalid(index, `"${op}" needs from, a JSON Pointer such as /note/0`);
    }
    if (NEEDS_VALUE.has(op) && !('value' in operation)) throw invalid(index, `"${op}" needs a value`);
  });
}
