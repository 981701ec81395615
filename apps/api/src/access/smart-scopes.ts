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

/**
 * The scopes a system client lacks to be shown these resources (`system/Communication.r`, ...): an answer
 * outside FHIR (the web app's /api) gives a client no more than the same resources over FHIR would.
 */
export function scopesLacking(scopes: readonly string[], shown: ReadonlyArray<{ type: string; letter: ScopeLetter }>): string[] {
  const lacking = new Set<string>();
  for (const { type, letter } of shown) if (!scopesGrant(scopes, type, letter)) lacking.add(`system/${type}.${letter}`);
  return [...lacking];
}
