/** Where the web app signs users in: the development provider locally, HelseID in production. */
export const OIDC_ISSUER: string = __BRO_OIDC_ISSUER__;

/** The web app's client at the identity provider: public, authorization code with PKCE. */
export const OIDC_CLIENT_ID = 'bro-web';

/** `offline_access`: a refresh token, so the session is renewed without sending the user back to sign in. */
export const OIDC_SCOPE = 'openid profile offline_access';

/** The callback is on whatever origin serves the app (5173 with `npm start`, a free port in tests). */
export function redirectUri(): string {
  return `${window.location.origin}/callback`;
}
