/**
 * How token values are stored in multi-valued token columns. Each Coding or Identifier is stored
 * under three keys so that `system|code`, `code` (any system) and `system|` (any code) are all
 * answered by one GIN-indexed array overlap.
 */
export function tokenKeys(system: string | undefined, code: string | undefined): string[] {
  const keys: string[] = [];
  if (code !== undefined) {
    keys.push(`sv:${system ?? ''}|${code}`);
    keys.push(`v:${code}`);
  }
  if (system !== undefined) keys.push(`s:${system}`);
  return keys;
}

/** The stored key a search value `system|code`, `|code`, `system|` or `code` must match. */
export function tokenSearchKey(value: string): string {
  const bar = value.indexOf('|');
  if (bar < 0) return `v:${value}`;
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1);
  if (code === '') return `s:${system}`;
  return `sv:${system}|${code}`;
}

/** All (system, code) pairs in a code, Coding, CodeableConcept or Identifier. */
export function codingsOf(value: unknown): Array<{ system?: string; code?: string }> {
  if (typeof value === 'string') return [{ code: value }];
  if (!value || typeof value !== 'object') return [];
  const element = value as { system?: unknown; code?: unknown; value?: unknown; coding?: unknown };
  if (Array.isArray(element.coding)) return element.coding.flatMap(codingsOf);
  const system = typeof element.system === 'string' ? element.system : undefined;
  const code = typeof element.code === 'string' ? element.code : typeof element.value === 'string' ? element.value : undefined;
  if (system === undefined && code === undefined) return [];
  return [{ system, code }];
}
