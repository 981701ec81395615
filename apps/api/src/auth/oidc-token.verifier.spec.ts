import { createServer } from 'node:net';
import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { loadAppConfig } from '../config/app-config';
import { fetchDemoToken, RunningIdentityProvider, startDevIdentityProvider } from '../../../../tools/identity-provider/demo-token';
import { OidcTokenVerifier } from './oidc-token.verifier';
import { TokenRejectionReason, TokenVerificationError } from './token-verification.error';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function verifierFor(issuer: string, env: Record<string, string> = {}): OidcTokenVerifier {
  return new OidcTokenVerifier(loadAppConfig({ OIDC_ISSUER: issuer, OIDC_CLOCK_TOLERANCE_SECONDS: '0', ...env }));
}

async function rejectionOf(verification: Promise<unknown>): Promise<TokenVerificationError> {
  try {
    await verification;
  } catch (error) {
    if (error instanceof TokenVerificationError) return error;
    throw error;
  }
  throw new Error('expected the token to be rejected, but it was accepted');
}

async function expectRejected(verification: Promise<unknown>, reason: TokenRejectionReason, message: string | RegExp): Promise<void> {
  const error = await rejectionOf(verification);
  expect(error.reason).toBe(reason);
  expect(error.message).toMatch(message);
}

function sleepUntil(epochMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())));
}

describe('OidcTokenVerifier against the development identity provider', () => {
  let provider: RunningIdentityProvider;
  /** A second provider with 2-second tokens; it shares the persisted signing key, but not the issuer. */
  let shortLived: RunningIdentityProvider;

  beforeAll(async () => {
    // One after the other: the first creates the persisted signing key if there is none, the second reuses it.
    provider = await startDevIdentityProvider({ port: await freePort(), accessTokenTtlSeconds: 3600 });
    const port = await freePort();
    shortLived = await startDevIdentityProvider({ port, issuer: `http://127.0.0.1:${port}`, accessTokenTtlSeconds: 2 });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([provider?.stop(), shortLived?.stop()]);
  });

  it('accepts a GP token and maps the HelseID claims to the principal', async () => {
    const token = await fetchDemoToken(provider.issuer, 'gp');
    const before = Math.floor(Date.now() / 1000);

    const principal = await verifierFor(provider.issuer).verify(token);

    expect(principal).toEqual({
      subject: 'gp',
      role: 'gp',
      name: 'Kari Fastlege',
      hprNumber: '9144901',
      organizationNumber: '910000012',
      parentOrganizationNumber: '910000012',
      reshId: undefined,
      clientId: 'bro-dev-cli',
      scopes: [],
      tokenExpiresAt: expect.any(Number),
    });
    expect(principal.tokenExpiresAt).toBeGreaterThanOrEqual(before + 3600 - 5);
    expect(principal.tokenExpiresAt).toBeLessThanOrEqual(before + 3600 + 5);
  });

  it("gives a hospital unit's coordinator the unit as organisation, the hospital as parent, and the RESH id", async () => {
    const principal = await verifierFor(provider.issuer).verify(await fetchDemoToken(provider.issuer, 'coordinator'));

    expect(principal).toMatchObject({
      subject: 'coordinator',
      role: 'coordinator',
      hprNumber: '9144903',
      organizationNumber: '910000047',
      parentOrganizationNumber: '910000039',
      reshId: '4201001',
    });
  });

  it('accepts a system client token (client credentials) with its scope and organisation', async () => {
    const principal = await verifierFor(provider.issuer).verify(await fetchDemoToken(provider.issuer, 'ehr'));

    expect(principal).toMatchObject({
      subject: 'haukeland-ehr',
      role: 'system',
      clientId: 'haukeland-ehr',
      scopes: ['system/*.cruds'],
      organizationNumber: '910000039',
      parentOrganizationNumber: '910000039',
    });
    expect(principal.hprNumber).toBeUndefined();
  });

  it('rejects a token whose claims were altered after signing', async () => {
    const [header, payload, signature] = (await fetchDemoToken(provider.issuer, 'gp')).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const promoted = Buffer.from(JSON.stringify({ ...claims, bro_role: 'admin' })).toString('base64url');

    await expectRejected(verifierFor(provider.issuer).verify(`${header}.${promoted}.${signature}`), 'signature_invalid', 'signature invalid');
  });

  it('rejects a token with a damaged signature', async () => {
    const [header, payload, signature] = (await fetchDemoToken(provider.issuer, 'gp')).split('.');
    const damaged = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;

    await expectRejected(verifierFor(provider.issuer).verify(`${header}.${payload}.${damaged}`), 'signature_invalid', 'signature invalid');
  });

  it('rejects a token signed with a key the identity provider does not publish', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const claims = decodeJwt(await fetchDemoToken(provider.issuer, 'gp'));
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'forged' }).sign(privateKey);

    await expectRejected(verifierFor(provider.issuer).verify(forged), 'signature_invalid', /^signature invalid/);
  });

  it('rejects a token for another audience', async () => {
    const token = await fetchDemoToken(provider.issuer, 'gp');

    await expectRejected(verifierFor(provider.issuer, { OIDC_AUDIENCE: 'another-api' }).verify(token), 'wrong_audience', 'wrong audience');
  });

  it('rejects a token from another issuer even when its signature checks out', async () => {
    const foreign = await fetchDemoToken(shortLived.issuer, 'gp');

    await expectRejected(verifierFor(provider.issuer).verify(foreign), 'wrong_issuer', 'wrong issuer');
  });

  it('rejects a token once it has expired, even after having accepted (and cached) it', async () => {
    const verifier = verifierFor(shortLived.issuer);
    const token = await fetchDemoToken(shortLived.issuer, 'gp');
    const principal = await verifier.verify(token);
    expect(principal.subject).toBe('gp');

    await sleepUntil(principal.tokenExpiresAt * 1000 + 50);

    await expectRejected(verifier.verify(token), 'token_expired', 'token expired');
  });

  it('rejects something that is not a JWT as malformed without asking the identity provider', async () => {
    const nobodyListening = `http://127.0.0.1:${await freePort()}`;

    await expectRejected(verifierFor(nobodyListening).verify('not-a-token'), 'malformed', 'malformed token');
  });

  it('reports an unreachable identity provider, and tries discovery again on the next request', async () => {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const verifier = verifierFor(issuer);
    const token = await fetchDemoToken(provider.issuer, 'gp');

    const unreachable = await rejectionOf(verifier.verify(token));
    expect(unreachable.reason).toBe('identity_provider_unreachable');
    expect(unreachable.identityProviderUnreachable).toBe(true);
    expect(unreachable.message).toBe('identity provider unreachable');

    const lateProvider = await startDevIdentityProvider({ port, issuer });
    try {
      const principal = await verifier.verify(await fetchDemoToken(issuer, 'quality'));
      expect(principal).toMatchObject({ subject: 'quality', role: 'quality', organizationNumber: '910000063' });
    } finally {
      await lateProvider.stop();
    }
  }, 30_000);

  it('answers many simultaneous requests with the same token consistently', async () => {
    const verifier = verifierFor(provider.issuer);
    const token = await fetchDemoToken(provider.issuer, 'lowthreshold');

    const principals = await Promise.all(Array.from({ length: 200 }, () => verifier.verify(token)));

    expect(new Set(principals.map((p) => JSON.stringify(p))).size).toBe(1);
    expect(principals[0]).toMatchObject({ role: 'lowthreshold', organizationNumber: '910000071', parentOrganizationNumber: '910000063' });
  });
});
