/**
 * The signed-in session: the access token lives in sessionStorage, so it is gone when the tab
 * closes and is never shared with other tabs or kept on disk like localStorage would.
 */
const SESSION_KEY = 'bro.session';

export interface Session {
  accessToken: string;
  /** Milliseconds since the epoch, from the token's `exp`. */
  expiresAt: number;
  subject: string;
  role: string;
  name: string;
  /** HelseID's organisation claims: the sub-unit's orgnr when the user belongs to one. */
  organizationNumber?: string;
  reshId?: string;
}

/** Reads the token's claims for display and navigation only; the API checks the signature. */
export function sessionFromAccessToken(accessToken: string): Session {
  const [, payload] = accessToken.split('.');
  if (!payload) throw new Error('the access token is not a JWT');
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
  const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string) : undefined);
  return {
    accessToken,
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + 5 * 60_000,
    subject: text('sub') ?? '',
    role: text('bro_role') ?? '',
    name: text('name') ?? text('sub') ?? '',
    organizationNumber: text('helseid://claims/client/claims/orgnr_child') ?? text('helseid://claims/client/claims/orgnr_parent'),
    reshId: text('bro_resh_id'),
  };
}

export function loadSession(): Session | undefined {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return undefined;
  try {
    const session = sessionFromAccessToken(raw);
    return session.expiresAt > Date.now() ? session : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(accessToken: string): Session {
  const session = sessionFromAccessToken(accessToken);
  sessionStorage.setItem(SESSION_KEY, accessToken);
  return session;
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}
