/**
 * An access token for one demo user or client that stays valid: fetched on first use, fetched again a
 * minute before it expires (the development identity provider issues them for an hour by default,
 * OIDC_ACCESS_TOKEN_TTL), and at once after the API said 401.
 */
import { fetchDemoToken } from '../identity-provider/demo-token';

const REFRESH_BEFORE_EXPIRY_MS = 60_000;
/** For a token whose expiry cannot be read: ask again after this long. */
const UNREADABLE_EXPIRY_MS = 5 * 60_000;

/** The `exp` of a JWT in milliseconds since the epoch, or undefined if the token is not a readable JWT. */
export function jwtExpiryMs(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export class DemoTokenSource {
  private token: string | undefined;
  private refreshAtMs = 0;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly issuer: string,
    /** A demo user (gp, gp2, coordinator) or demo client (ehr) from demo-users.json. */
    readonly user: string,
    private readonly fetchToken: (issuer: string, user: string) => Promise<string> = fetchDemoToken,
  ) {}

  async get(): Promise<string> {
    if (this.token && Date.now() < this.refreshAtMs) return this.token;
    // One request for a new token however many callers are waiting for it.
    this.pending ??= this.fetchToken(this.issuer, this.user)
      .then((token) => {
        this.token = token;
        const expiry = jwtExpiryMs(token);
        this.refreshAtMs = expiry !== undefined ? expiry - REFRESH_BEFORE_EXPIRY_MS : Date.now() + UNREADABLE_EXPIRY_MS;
        return token;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  /** The API refused the token (401): the next {@link get} fetches a new one. */
  invalidate(rejected: string): void {
    if (this.token === rejected) this.refreshAtMs = 0;
  }
}
