/** The FHIR interactions a SMART scope's letters grant: create, read, update, delete, search. */
export type ScopeLetter = 'c' | 'r' | 'u' | 'd' | 's';

const V1: Record<string, ScopeLetter[]> = { read: ['r', 's'], write: ['c', 'u', 'd'], '*': ['c', 'r', 'u', 'd', 's'] };

/**
 * Whether a system client's scopes (`system/Task.rs`, `system/*.cruds`, SMART v1 `system/Task.read`)
 * grant an interaction on a resource type. Only `system/` scopes count: Bro's system clients act for
 * an organisation, never for a user.
 */
export function scopesGrant(scopes: readonly string[], resourceType: string, letter: ScopeLetter): boolean {
  return scopes.some((scope) => {
    const match = /^system\/(\*|[A-Za-z]+)\.([a-z*]+)$/.exec(scope);
    if (!match || (match[1] !== '*' && match[1] !== resourceType)) return false;
    const letters = V1[match[2]] ?? (/^c?r?u?d?s?$/.test(match[2]) ? (match[2].split('') as ScopeLetter[]) : []);
    return letters.includes(letter);
  });
}
