import { Inject, Injectable, Logger } from '@nestjs/common';
import { JWTVerifyGetKey, createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Principal } from './principal';
import { principalFromClaims } from './principal-from-claims';
import { TokenRejectionReason, TokenVerificationError } from './token-verification.error';
import { VerifiedTokenCache } from './verified-token.cache';

/** Enough for every active user and system at once; each entry is one token string and its principal. */
export const MAX_CACHED_TOKENS = 10_000;
const HTTP_TIMEOUT_MS = 5_000;

interface TrustedIssuer {
  issuer: string;
  keys: JWTVerifyGetKey;
}

/**
 * Verifies OpenID Connect access tokens (HelseID in production, the development identity provider
 * otherwise) and maps them to a {@link Principal}. The one place Bro touches `jose`.
 *
 * Discovery is fetched on first use, not at boot, so the API starts even when the identity provider
 * does not answer yet; a failed discovery is tried again on the next request.
 */
@Injectable()
export class OidcTokenVerifier {
  private readonly logger = new Logger(OidcTokenVerifier.name);
  private readonly cache = new VerifiedTokenCache<Principal>(MAX_CACHED_TOKENS);
  private readonly inFlight = new Map<string, Promise<Principal>>();
  private trusted?: Promise<TrustedIssuer>;
  private reportedUnreachable = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The principal a token stands for; throws {@link TokenVerificationError} saying why not. */
  verify(token: string): Promise<Principal> {
    const cached = this.cache.get(token);
    if (cached) return Promise.resolve(cached);
    // Many requests arriving at once with a new token share one verification.
    let pending = this.inFlight.get(token);
    if (!pending) {
      pending = this.verifyUncached(token).finally(() => this.inFlight.delete(token));
      this.inFlight.set(token, pending);
    }
    return pending;
  }

  private async verifyUncached(token: string): Promise<Principal> {
    try {
      // A token that is not even a JWS is the caller's fault, whether or not the provider is up.
      decodeProtectedHeader(token);
    } catch (error) {
      throw new TokenVerificationError('malformed', undefined, { cause: error });
    }
    const trusted = await this.trustedIssuer();
    const clockTolerance = this.config.clockToleranceSeconds;
    try {
      const { payload } = await jwtVerify(token, trusted.keys, {
        issuer: trusted.issuer,
        audience: this.config.oidcAudience,
        algorithms: ['RS256'],
        typ: 'at+jwt',
        clockTolerance,
        requiredClaims: ['exp', 'sub'],
      });
      const principal = principalFromClaims(payload);
      // Kept exactly as long as jwtVerify itself would still accept the token.
      this.cache.set(token, principal, (principal.tokenExpiresAt + clockTolerance) * 1000);
      return principal;
    } catch (error) {
      throw verificationErrorOf(error);
    }
  }

  private trustedIssuer(): Promise<TrustedIssuer> {
    this.trusted ??= this.discover().catch((error: unknown) => {
      this.trusted = undefined;
      throw error;
    });
    return this.trusted;
  }

  private async discover(): Promise<TrustedIssuer> {
    const url = `${this.config.oidcIssuer}/.well-known/openid-configuration`;
    let discovery: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      discovery = (await response.json()) as typeof discovery;
      if (typeof discovery.issuer !== 'string' || typeof discovery.jwks_uri !== 'string') {
        throw new Error('the discovery document lacks issuer or jwks_uri');
      }
    } catch (cause) {
      if (!this.reportedUnreachable) {
        this.reportedUnreachable = true;
        this.logger.warn(`identity provider unreachable at ${url}: ${describe(cause)}`);
      }
      throw new TokenVerificationError('identity_provider_unreachable', undefined, { cause });
    }
    this.reportedUnreachable = false;
    const remoteKeys = createRemoteJWKSet(new URL(discovery.jwks_uri), { timeoutDuration: HTTP_TIMEOUT_MS });
    const keys: JWTVerifyGetKey = async (header, token) => {
      try {
        return await remoteKeys(header, token);
      } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
          throw new TokenVerificationError('signature_invalid', 'signature invalid: the identity provider publishes no such signing key', { cause: error });
        }
        // Anything else (refused, timed out, unparsable) means the key set could not be fetched.
        throw new TokenVerificationError('identity_provider_unreachable', undefined, { cause: error });
      }
    };
    return { issuer: discovery.issuer, keys };
  }
}

/** `fetch failed` alone says little; its cause says ECONNREFUSED or the like. */
function describe(error: unknown): string {
  // Duck-typed: errors from Node's own fetch need not be instances of this realm's Error (Jest).
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { code?: unknown; message?: unknown } };
  if (typeof message !== 'string') return String(error);
  const detail = cause?.code ?? cause?.message;
  return detail ? `${message} (${String(detail)})` : message;
}

const CLAIM_FAILURES: Partial<Record<string, TokenRejectionReason>> = {
  iss: 'wrong_issuer',
  aud: 'wrong_audience',
  nbf: 'not_yet_valid',
  typ: 'not_an_access_token',
};

function verificationErrorOf(error: unknown): unknown {
  if (error instanceof TokenVerificationError) return error;
  if (error instanceof errors.JWTExpired) return new TokenVerificationError('token_expired', undefined, { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') {
      return new TokenVerificationError('missing_claim', `token lacks the "${error.claim}" claim`, { cause: error });
    }
    const reason = CLAIM_FAILURES[error.claim];
    return new TokenVerificationError(reason ?? 'malformed', reason ? undefined : `invalid "${error.claim}" claim`, { cause: error });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenVerificationError('signature_invalid', undefined, { cause: error });
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new TokenVerificationError('signature_invalid', 'signature invalid: only RS256 is accepted', { cause: error });
  }
  if (error instanceof errors.JOSEError) return new TokenVerificationError('malformed', undefined, { cause: error });
  return error;
}
