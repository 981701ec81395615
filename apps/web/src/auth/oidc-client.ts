import { Language } from '../i18n/dictionary';
import { OIDC_CLIENT_ID, OIDC_ISSUER, OIDC_SCOPE, redirectUri } from './oidc-settings';
import { codeChallengeOf, randomToken } from './pkce';

/** What this tab remembers between leaving for the identity provider and coming back to /callback. */
interface PendingSignIn {
  state: string;
  codeVerifier: string;
  returnTo: string;
}

const PENDING_KEY = 'bro.pending-sign-in';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

export class IdentityProviderUnavailableError extends Error {}

async function discover(): Promise<Discovery> {
  let response: Response;
  try {
    response = await fetch(`${OIDC_ISSUER}/.well-known/openid-configuration`);
  } catch {
    throw new IdentityProviderUnavailableError(`no answer from ${OIDC_ISSUER}`);
  }
  if (!response.ok) throw new IdentityProviderUnavailableError(`${OIDC_ISSUER} answered ${response.status}`);
  return (await response.json()) as Discovery;
}

/**
 * Leaves for the identity provider's sign-in page. `prompt=login` makes it ask every time, so that
 * after signing out one can pick another (demo) user instead of being let straight back in.
 */
export async function beginSignIn(language: Language, returnTo: string): Promise<void> {
  const { authorization_endpoint } = await discover();
  const pending: PendingSignIn = { state: randomToken(), codeVerifier: randomToken(48), returnTo };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: OIDC_CLIENT_ID,
    response_type: 'code',
    redirect_uri: redirectUri(),
    scope: OIDC_SCOPE,
    state: pending.state,
    code_challenge: await codeChallengeOf(pending.codeVerifier),
    code_challenge_method: 'S256',
    prompt: 'login',
    ui_locales: language,
  }).toString();
  window.location.assign(url.toString());
}

/** Back on /callback: checks the state and issuer, and exchanges the code for an access token. */
export async function completeSignIn(callbackUrl: string): Promise<{ accessToken: string; returnTo: string }> {
  const params = new URL(callbackUrl).searchParams;
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (params.get('error')) throw new Error(params.get('error_description') ?? params.get('error')!);
  if (!raw) throw new Error('no sign-in was started in this tab');
  const pending = JSON.parse(raw) as PendingSignIn;
  if (params.get('state') !== pending.state) throw new Error('the sign-in answer does not belong to this sign-in (state)');
  // RFC 9207: the answer must come from the issuer we sent the user to.
  const issuer = params.get('iss');
  if (issuer && issuer.replace(/\/$/, '') !== OIDC_ISSUER) throw new Error(`the sign-in answer came from ${issuer}, not ${OIDC_ISSUER}`);
  const code = params.get('code');
  if (!code) throw new Error('the identity provider sent no code');

  const { token_endpoint } = await discover();
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: OIDC_CLIENT_ID,
      code_verifier: pending.codeVerifier,
    }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
  if (!response.ok || !body.access_token) throw new Error(body.error_description ?? body.error ?? `token endpoint answered ${response.status}`);
  return { accessToken: body.access_token, returnTo: pending.returnTo };
}
