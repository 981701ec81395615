import { TokenSet } from './oidc-client';

/**
 * The signed-in session of this tab, in sessionStorage: gone when the tab closes, never written to disk
 * like localStorage would be. Other tabs of the same user get it from this one over the session channel
 * (session-channel.ts), not from storage. The access token has a key of its own; the refresh token and
 * when to renew sit beside it.
 */
const ACCESS_TOKEN_KEY = 'bro.session';
const RENEWAL_KEY = 'bro.session.renewal';

/** The tokens and which sign-in they belong to: every tab of one sign-in shares the same `sessionId`. */
export interface StoredTokens extends TokenSet {
  sessionId: string;
}

export interface Session {
  accessToken: string;
  /** Milliseconds since the epoch, by this browser's clock. */
  expiresAt: number;
  subject: string;
  role: string;
  name: string;
  /** HelseID's organisation claims: the sub-unit's orgnr when the user belongs to one. */
  organizationNumber?: string;
  reshId?: string;
}

type Claims = Record<string, unknown>;

function claimsOf(accessToken: string): Claims {
  const [, payload] = accessToken.split('.');
  if (!payload) throw new Error('the access token is not a JWT');
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Claims;
}

/** Reads the token's claims for display and navigation only; the API checks the signature. */
export function sessionFromTokens(tokens: Pick<TokenSet, 'accessToken' | 'expiresAt'>): Session {
  const claims = claimsOf(tokens.accessToken);
  const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string) : undefined);
  return {
    accessToken: tokens.accessToken,
    expiresAt: tokens.expiresAt,
    subject: text('sub') ?? '',
    role: text('bro_role') ?? '',
    name: text('name') ?? text('sub') ?? '',
    organizationNumber: text('helseid://claims/client/claims/orgnr_child') ?? text('helseid://claims/client/claims/orgnr_parent'),
    reshId: text('bro_resh_id'),
  };
}

/** Whether the access token will still be accepted for a while yet (a few seconds' margin for the request). */
export function isFresh(tokens: Pick<TokenSet, 'expiresAt'>, now = Date.now()): boolean {
  return tokens.expiresAt - now > 5_000;
}

type RenewalRecord = Omit<StoredTokens, 'accessToken'>;

/** The tokens this tab holds, fresh or not (an expired access token can still be renewed), or undefined. */
export function loadTokens(): StoredTokens | undefined {
  const accessToken = sessionStorage.getItem(ACCESS_TOKEN_KEY);
  if (!accessToken) return undefined;
  try {
    const renewal = JSON.parse(sessionStorage.getItem(RENEWAL_KEY) ?? 'null') as RenewalRecord | null;
    if (renewal) return { ...renewal, accessToken };
    // A session without a renewal record cannot be renewed: it lasts as long as its token says.
    const exp = claimsOf(accessToken).exp;
    const expiresAt = typeof exp === 'number' ? exp * 1000 : 0;
    return { accessToken, expiresAt, lifetimeMs: Math.max(0, expiresAt - Date.now()), sessionId: crypto.randomUUID() };
  } catch {
    return undefined;
  }
}

export function saveTokens(tokens: StoredTokens): void {
  const { accessToken, ...renewal } = tokens;
  sessionStorage.setItem(ACCESS_TOKEN_KEY, accessToken);
  sessionStorage.setItem(RENEWAL_KEY, JSON.stringify(renewal));
}

export function clearTokens(): void {
  sessionStorage.removeItem(ACCESS_TOKEN_KEY);
  sessionStorage.removeItem(RENEWAL_KEY);
}
