/**
 * The one file that knows oidc-client-ts: sign-in (authorization code with PKCE), renewal with the
 * refresh token, and revoking it at sign-out. An upgrade of the library touches only this file.
 */
import { ErrorResponse, OidcClient, WebStorageStateStore, type RefreshState, type UserProfile } from 'oidc-client-ts';
import { Language } from '../i18n/dictionary';
import { OIDC_CLIENT_ID, OIDC_ISSUER, OIDC_SCOPE, redirectUri } from './oidc-settings';

/** What a sign-in or a renewal gives the app. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  scope?: string;
  /**
   * Milliseconds since the epoch by this browser's clock: now plus the token's `expires_in`, not its
   * `exp`, so a wall screen whose clock is off still renews in time.
   */
  expiresAt: number;
  /** How long the access token was issued for (ms): renewal starts well before its end. */
  lifetimeMs: number;
}

/** The identity provider did not answer (down, or the network): worth trying again. */
export class IdentityProviderUnavailableError extends Error {}

/** The identity provider refused the refresh token (expired, revoked, or used twice): the session is over. */
export class RenewalRefusedError extends Error {}

const RENEWAL_TIMEOUT_SECONDS = 20;

let client: OidcClient | undefined;

function oidcClient(): OidcClient {
  client ??= new OidcClient({
    authority: OIDC_ISSUER,
    client_id: OIDC_CLIENT_ID,
    redirect_uri: redirectUri(),
    scope: OIDC_SCOPE,
    response_type: 'code',
    // The PKCE verifier and state wait in this tab only, between leaving for the identity provider and /callback.
    stateStore: new WebStorageStateStore({ prefix: 'bro.sign-in.', store: window.sessionStorage }),
    loadUserInfo: false,
  });
  return client;
}

/**
 * Leaves for the identity provider's sign-in page. `prompt=login` makes it ask every time, so that after
 * signing out one can pick another (demo) user; `consent` is what lets `offline_access` (the refresh
 * token) through (OpenID Connect Core §11), and the provider gives it on the first-party app's behalf.
 */
export async function beginSignIn(language: Language, returnTo: string): Promise<void> {
  try {
    await oidcClient().metadataService.getMetadata();
  } catch (error) {
    throw new IdentityProviderUnavailableError(`no answer from ${OIDC_ISSUER}: ${(error as Error).message}`);
  }
  const request = await oidcClient().createSigninRequest({ state: { returnTo }, prompt: 'login consent', ui_locales: language });
  window.location.assign(request.url);
}

/** Back on /callback: checks state and issuer, and exchanges the code for the tokens. */
export async function completeSignIn(callbackUrl: string): Promise<{ tokens: TokenSet; returnTo: string }> {
  // RFC 9207: the answer must come from the issuer we sent the user to.
  const issuer = new URL(callbackUrl).searchParams.get('iss');
  if (issuer && issuer.replace(/\/$/, '') !== OIDC_ISSUER) throw new Error(`the sign-in answer came from ${issuer}, not ${OIDC_ISSUER}`);
  const response = await oidcClient().processSigninResponse(callbackUrl);
  if (!response.access_token) throw new Error('the identity provider sent no access token');
  const returnTo = (response.userState as { returnTo?: string } | undefined)?.returnTo ?? '/';
  return { tokens: tokenSetOf(response, undefined), returnTo };
}

/**
 * New tokens for old: the refresh token is spent (the provider rotates it and refuses it if it ever
 * comes back), so the caller must keep the new one.
 */
export async function renewTokens(current: TokenSet): Promise<TokenSet> {
  if (!current.refreshToken) throw new RenewalRefusedError('this session has no refresh token');
  const state: RefreshState = {
    refresh_token: current.refreshToken,
    // The library checks that the renewed ID token names the same person and sign-in time as this one.
    id_token: current.idToken,
    session_state: null,
    scope: current.scope,
    // Bro reads who is signed in from the access token (session-store.ts); the library's profile is not used.
    profile: {} as UserProfile,
  };
  try {
    const response = await oidcClient().useRefreshToken({ state, timeoutInSeconds: RENEWAL_TIMEOUT_SECONDS });
    if (!response.access_token) throw new RenewalRefusedError('the identity provider sent no access token');
    return tokenSetOf(response, current);
  } catch (error) {
    if (error instanceof RenewalRefusedError) throw error;
    if (error instanceof ErrorResponse) throw new RenewalRefusedError(error.error_description ?? error.error ?? error.message);
    throw new IdentityProviderUnavailableError((error as Error).message);
  }
}

/** Best effort at sign-out: a refresh token left behind dies on its own at its expiry. */
export async function revokeRefreshToken(refreshToken: string): Promise<void> {
  try {
    await oidcClient().revokeToken(refreshToken, 'refresh_token');
  } catch {
    // Signed out locally regardless; the identity provider may be unreachable.
  }
}

function tokenSetOf(
  response: { access_token: string; refresh_token?: string; id_token?: string; scope?: string; expires_in?: number },
  previous: TokenSet | undefined,
): TokenSet {
  // Without expires_in, the provider's default for Bro (one hour) is assumed, not "never".
  const lifetimeMs = (response.expires_in ?? 3600) * 1000;
  return {
    accessToken: response.access_token,
    // A provider that does not rotate sends no new refresh token: the old one stays good.
    refreshToken: response.refresh_token ?? previous?.refreshToken,
    idToken: response.id_token ?? previous?.idToken,
    scope: response.scope ?? previous?.scope,
    expiresAt: Date.now() + lifetimeMs,
    lifetimeMs,
  };
}
