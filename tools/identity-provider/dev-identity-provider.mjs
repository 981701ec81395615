/**
 * Development OpenID Connect provider standing in for HelseID: `node tools/identity-provider/dev-identity-provider.mjs`.
 *
 * Issues RS256-signed JWT access tokens (audience `bro-api`) carrying HelseID-style claims for the demo
 * identities in demo-users.json. Runs as its own process because oidc-provider is ESM-only and the API
 * (CommonJS, Jest) must only ever see it through OIDC discovery and JWKS, as it will see HelseID.
 *
 * Environment: OIDC_PORT (4000), OIDC_ISSUER (http://localhost:<port>), OIDC_AUDIENCE (bro-api),
 * OIDC_ACCESS_TOKEN_TTL (3600 s), OIDC_JWKS_FILE (.bro/identity-provider-jwks.json),
 * OIDC_WEB_REDIRECT_URIS (extra redirect URIs for bro-web, comma separated: loopback http or https).
 *
 * The web app renews its session with refresh tokens (scope `offline_access`): each refresh token is good for
 * one use (rotation) and 12 idle hours, a sign-in for at most 7 days; a refresh token used a second time
 * is refused and ends the whole sign-in (reuse detection: someone else has a copy).
 *
 * Users sign in on a page listing the demo users (demo-login-page.mjs). The web app (`bro-web`) is a
 * public client with PKCE registered as a loopback ("native", RFC 8252 §7.3) client, so its redirect URI
 * `http://localhost:<any port>/callback` (or 127.0.0.1) is accepted: `npm start` serves it on 5173, the
 * browser tests on whatever port is free.
 *
 * Stdout carries exactly one line, `identity provider ready at <issuer>`; everything else goes to stderr.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Provider, { errors } from 'oidc-provider';
import { demoLoginPage } from './demo-login-page.mjs';

// oidc-provider prints its notices with console.info; stdout is reserved for the ready line.
console.info = console.error;
console.log = console.error;

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(here, '../..');

/** Claim names as HelseID spells them (kept in step with apps/api/src/auth/principal.ts). */
const Claim = {
  hprNumber: 'helseid://claims/hpr/hpr_number',
  orgnrParent: 'helseid://claims/client/claims/orgnr_parent',
  orgnrChild: 'helseid://claims/client/claims/orgnr_child',
  role: 'bro_role',
  reshId: 'bro_resh_id',
};

/** A refresh token unused this long is dead: a board renews every hour, a laptop left overnight signs in again. */
const REFRESH_TOKEN_IDLE_SECONDS = 12 * 60 * 60;
/** However often it is renewed, a sign-in lasts this long (a wall screen signs in again once a week). */
const SIGN_IN_MAX_SECONDS = 7 * 24 * 60 * 60;

/** Scripts and tests get a demo user's token without a browser through this grant (client bro-dev-cli). */
const DEMO_USER_GRANT = 'urn:bro:params:oauth:grant-type:demo-user';
/** The resource indicator of the Bro API; clients need not send it, it is everyone's default. */
const API_RESOURCE = 'urn:bro:api';

function fail(message) {
  process.stderr.write(`identity provider cannot start: ${message}\n`);
  process.exit(1);
}

function positiveIntegerEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) fail(`${name} must be a positive whole number, got "${raw}"`);
  return Number(raw);
}

const port = positiveIntegerEnv('OIDC_PORT', 4000);
if (port > 65535) fail(`OIDC_PORT must be at most 65535, got ${port}`);
const issuer = (process.env.OIDC_ISSUER || `http://localhost:${port}`).replace(/\/$/, '');
{
  let parsed;
  try {
    parsed = new URL(issuer);
  } catch {
    fail(`OIDC_ISSUER is not a valid URL: "${issuer}"`);
  }
  if (parsed.pathname !== '/') fail(`OIDC_ISSUER must not have a path (the provider serves at the root), got "${issuer}"`);
}
const audience = process.env.OIDC_AUDIENCE || 'bro-api';
const accessTokenTtl = positiveIntegerEnv('OIDC_ACCESS_TOKEN_TTL', 60 * 60);
const jwksFile = resolve(repositoryRoot, process.env.OIDC_JWKS_FILE || '.bro/identity-provider-jwks.json');
const extraRedirectUris = (process.env.OIDC_WEB_REDIRECT_URIS || '')
  .split(',')
  .map((uri) => uri.trim())
  .filter(Boolean);
// bro-web is a loopback client (any port on localhost): other hosts must be https (RFC 8252 §7.3, §8.4).
for (const uri of extraRedirectUris) {
  const parsed = URL.parse(uri);
  const loopback = parsed && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (!parsed || !(parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback))) {
    fail(`OIDC_WEB_REDIRECT_URIS: "${uri}" must be https, or http on localhost/127.0.0.1 (any port is accepted there already)`);
  }
}

const demo = JSON.parse(readFileSync(resolve(here, 'demo-users.json'), 'utf8'));
const organizations = demo.organizations ?? {};
const users = demo.users ?? {};
const systemClients = Object.values(demo.clients ?? {});

/** The HelseID organisation claims: a sub-unit carries its own orgnr as child and its parent's as parent. */
function organizationClaims(organizationKey) {
  const organization = organizations[organizationKey];
  if (!organization) return {};
  const parent = organization.partOf ? organizations[organization.partOf] : undefined;
  return {
    [Claim.orgnrParent]: parent ? parent.orgnr : organization.orgnr,
    ...(parent ? { [Claim.orgnrChild]: organization.orgnr } : {}),
    ...(organization.reshId ? { [Claim.reshId]: organization.reshId } : {}),
  };
}

function userClaims(username) {
  const user = Object.hasOwn(users, username) ? users[username] : undefined;
  if (!user) return undefined;
  return {
    [Claim.role]: user.role,
    name: user.name,
    ...(user.hpr ? { [Claim.hprNumber]: user.hpr } : {}),
    ...organizationClaims(user.organization),
  };
}

function systemClientClaims(clientId) {
  const client = systemClients.find((candidate) => candidate.clientId === clientId);
  if (!client) return undefined;
  return { [Claim.role]: client.role || 'system', ...organizationClaims(client.organization) };
}

/** One RS256 key, persisted so that tokens (and the API's cached JWKS) stay valid across restarts. */
function loadOrCreateSigningKeys() {
  if (existsSync(jwksFile)) {
    try {
      const jwks = JSON.parse(readFileSync(jwksFile, 'utf8'));
      if (Array.isArray(jwks.keys) && jwks.keys.some((key) => key.kty === 'RSA' && key.d)) return jwks;
      process.stderr.write(`identity provider: ${jwksFile} holds no private RSA key; generating a new one\n`);
    } catch (error) {
      process.stderr.write(`identity provider: cannot read ${jwksFile} (${error.message}); generating a new key\n`);
    }
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' }] };
  mkdirSync(dirname(jwksFile), { recursive: true });
  // Write then rename, so that two providers starting at once never read a half-written file.
  const temporary = `${jwksFile}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(jwks, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, jwksFile);
  return jwks;
}

const clientScopes = [...new Set(systemClients.flatMap((client) => (client.scope ? client.scope.split(' ') : [])))];

const SMART_SYSTEM_SCOPE = /^system\/([A-Za-z]+|\*)\.([cruds]+)$/;

/** SMART v2: `system/Task.rs` is covered by a registered `system/Task.cruds` or `system/*.rs`; `system/*.r` only by a `*`. */
function coveredBy(registered, wanted) {
  const [, type, letters] = SMART_SYSTEM_SCOPE.exec(wanted) ?? [];
  if (!type) return false;
  return registered.some((scope) => {
    const [, registeredType, registeredLetters] = SMART_SYSTEM_SCOPE.exec(scope) ?? [];
    return registeredType && (registeredType === '*' || registeredType === type) && [...letters].every((letter) => registeredLetters.includes(letter));
  });
}

/**
 * The scopes a system client's token carries: all it is registered with when it asks for none, else only the
 * asked-for ones its registration covers (RFC 6749 §3.3 lets the server issue fewer than asked). A hospital
 * system asking for `system/Task.rs` alone gets a token that reads tasks and nothing else.
 */
function grantedScope(clientId, asked) {
  const registered = (systemClients.find((client) => client.clientId === clientId)?.scope ?? '').split(' ').filter(Boolean);
  const wanted = String(asked ?? '').split(' ').filter(Boolean);
  return (wanted.length ? wanted.filter((scope) => coveredBy(registered, scope)) : registered).join(' ');
}
const webRedirectUris = [
  'http://localhost:5173/callback',
  'http://localhost:3000/callback',
  'http://127.0.0.1:5173/callback',
  ...extraRedirectUris,
];

const resourceServer = {
  scope: clientScopes.join(' '),
  audience,
  accessTokenFormat: 'jwt',
  accessTokenTTL: accessTokenTtl,
  jwt: { sign: { alg: 'RS256' } },
};

const provider = new Provider(issuer, {
  jwks: loadOrCreateSigningKeys(),
  cookies: { keys: ['bro-dev-identity-provider-cookie-key-1', 'bro-dev-identity-provider-cookie-key-0'] },
  clients: [
    {
      client_id: 'bro-web',
      token_endpoint_auth_method: 'none',
      // Loopback redirect URIs match on any port (RFC 8252 §7.3): the web app may run on any free port here.
      application_type: 'native',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [...new Set(webRedirectUris)],
    },
    {
      client_id: 'bro-dev-cli',
      client_secret: 'dev-secret-bro-cli',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: [DEMO_USER_GRANT],
      response_types: [],
      redirect_uris: [],
    },
    ...systemClients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      // No scope list here: oidc-provider would match asked-for scopes by string, not by SMART's wildcards and
      // letters; the token's scope is decided by grantedScope instead.
    })),
  ],
  scopes: ['openid', 'offline_access', 'profile', ...clientScopes],
  claims: { openid: ['sub'], profile: ['name', Claim.role, Claim.hprNumber] },
  async findAccount(_ctx, accountId) {
    const claims = userClaims(accountId);
    if (!claims) return undefined;
    return { accountId, claims: async () => ({ sub: accountId, ...claims }) };
  },
  features: {
    // Our own sign-in page (demo-login-page.mjs) instead of the generic "type any login" form.
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: false },
    revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => API_RESOURCE,
      // Authorization-code tokens go to the API too, even when `openid` is requested.
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resourceIndicator) => {
        if (resourceIndicator !== API_RESOURCE) throw new errors.CustomOIDCProviderError('invalid_target', `unknown resource; this provider serves only ${API_RESOURCE}`);
        return resourceServer;
      },
    },
  },
  // HelseID-style claims in every access token; `sub` is the demo username (or the client id for systems).
  async extraTokenClaims(_ctx, token) {
    if (token.kind === 'ClientCredentials') return systemClientClaims(token.clientId);
    if (token.accountId) return userClaims(token.accountId);
    return undefined;
  },
  formats: {
    customizers: {
      async jwt(ctx, token, jwt) {
        if (token.kind === 'ClientCredentials') jwt.payload.scope = grantedScope(token.clientId, ctx.oidc.params?.scope);
      },
    },
  },
  // Every refresh gives a new refresh token and spends the old one. oidc-provider refuses a spent one and
  // revokes its grant (reuse detection), so a stolen refresh token is good for at most one use by either side.
  rotateRefreshToken: true,
  // The browser calls the token endpoint from the origin it was redirected back to (any loopback port too).
  clientBasedCORS(_ctx, origin, client) {
    return client.redirectUris.some((uri) => {
      const registered = URL.parse(uri);
      return registered !== null && client.redirectUriAllowed(`${origin}${registered.pathname}`);
    });
  },
  ttl: {
    AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTtl,
    ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTtl,
    AuthorizationCode: 60,
    IdToken: 60 * 60,
    // Sliding: each rotation gets the idle time again, never past the sign-in's maximum (from `iiat`, its first issue).
    RefreshToken: (_ctx, token) => Math.max(1, Math.min(REFRESH_TOKEN_IDLE_SECONDS, SIGN_IN_MAX_SECONDS - (Math.floor(Date.now() / 1000) - token.iiat))),
    Interaction: 60 * 60,
    Session: 8 * 60 * 60,
    Grant: SIGN_IN_MAX_SECONDS,
    DeviceCode: 600,
    BackchannelAuthenticationRequest: 600,
    PreAuthorizedCode: 600,
  },
  renderError(ctx, out) {
    ctx.type = 'json';
    ctx.body = out;
  },
});

async function demoUserGrant(ctx) {
  const { username, resource } = ctx.oidc.params;
  if (resource !== undefined && resource !== API_RESOURCE) {
    throw new errors.CustomOIDCProviderError('invalid_target', `unknown resource; this provider serves only ${API_RESOURCE}`);
  }
  if (!username) throw new errors.CustomOIDCProviderError('invalid_request', 'missing required parameter "username"');
  if (!userClaims(username)) {
    const known = Object.keys(users).join(', ');
    throw new errors.CustomOIDCProviderError('invalid_grant', `unknown demo user "${username}" (known: ${known})`);
  }
  const token = new provider.AccessToken({ accountId: username, client: ctx.oidc.client, gty: DEMO_USER_GRANT });
  token.resourceServer = new provider.ResourceServer(API_RESOURCE, resourceServer);
  ctx.oidc.entity('AccessToken', token);
  const accessToken = await token.save();
  ctx.body = { access_token: accessToken, token_type: token.tokenType, expires_in: token.expiration };
}
provider.registerGrantType(DEMO_USER_GRANT, demoUserGrant, ['username', 'resource']);

provider.on('server_error', (_ctx, error) => process.stderr.write(`identity provider error: ${error.stack ?? error}\n`));

const signInPage = demoLoginPage(provider, { users, organizations });
const providerCallback = provider.callback();
const server = createServer((req, res) => {
  if (!signInPage(req, res)) providerCallback(req, res);
});
server.on('error', (error) => fail(error.code === 'EADDRINUSE' ? `port ${port} is already in use` : error.message));
server.listen(port, () => process.stdout.write(`identity provider ready at ${issuer}\n`));

let stopping = false;
function shutdown() {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// Started by a Node parent with an IPC channel (demo-token.ts): go when the parent goes, even if it crashed.
if (process.send) process.on('disconnect', shutdown);
