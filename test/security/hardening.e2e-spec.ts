import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { Bundle } from '@app/fhir';
import { RunningIdentityProvider, fetchDemoToken, startDevIdentityProvider } from '../../tools/identity-provider/demo-token';
import { asTransaction } from '../../tools/simulator/discharge-handover';
import { freePort } from '../support/free-port';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs, handover } from '../support/transfers';

describe('hardening', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const withToken = (token: string, path = '/fhir/R4/Patient?_count=1') => fetch(`${api.origin}${path}`, { headers: { Authorization: `Bearer ${token}` } });

  describe('tokens', () => {
    it('refuses a tampered token', async () => {
      const token = await api.token('gp');
      const [header, payload, signature] = token.split('.');
      const claims = { ...decodeJwt(token), bro_role: 'system' };
      const forgedPayload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      expect((await withToken(`${header}.${forgedPayload}.${signature}`)).status).toBe(401);
      expect((await withToken(`${header}.${payload}.${signature.slice(0, -4)}AAAA`)).status).toBe(401);
    });

    it('refuses a token signed by someone else, and one with alg none', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const claims = decodeJwt(await api.token('gp'));
      const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'not-ours' }).sign(privateKey);
      expect((await withToken(foreign)).status).toBe(401);
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
      expect((await withToken(none)).status).toBe(401);
    });

    describe('from another issuer, for another audience, expired', () => {
      let other: RunningIdentityProvider;
      beforeAll(async () => {
        const port = await freePort();
        other = await startDevIdentityProvider({ port, issuer: `http://127.0.0.1:${port}`, accessTokenTtlSeconds: 1 });
      });
      afterAll(() => other.stop());

      it('refuses a valid token of another issuer', async () => {
        expect((await withToken(await fetchDemoToken(other.issuer, 'gp'))).status).toBe(401);
      });

      it('refuses a token for another audience', async () => {
        const strict = await startTestApi({ OIDC_AUDIENCE: 'some-other-api' });
        try {
          const answer = await fetch(`${strict.origin}/fhir/R4/Patient?_count=1`, { headers: { Authorization: `Bearer ${await api.token('gp')}` } });
          expect(answer.status).toBe(401);
        } finally {
          await strict.close();
        }
      });

      it('refuses an expired token (clock skew bounded)', async () => {
        const shortLived = await startTestApi({ OIDC_ISSUER: other.issuer, OIDC_CLOCK_TOLERANCE_SECONDS: '0' });
        try {
          const token = await fetchDemoToken(other.issuer, 'gp');
          const expiresAt = Number(decodeJwt(token).exp) * 1000;
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 1100));
          const answer = await fetch(`${shortLived.origin}/fhir/R4/Patient?_count=1`, { headers: { Authorization: `Bearer ${token}` } });
          expect(answer.status).toBe(401);
        } finally {
          await shortLived.close();
        }
      }, 20_000);
    });
  });

  it('refuses oversized and malformed bodies without side effects', async () => {
    const content = handover();
    const identifier = (content.entries[0].resource!.identifier as Array<{ system: string; value: string }>)[0];
    const count = async () => (await callAs<Bundle>(api, 'ehr', 'GET', `/fhir/R4/Patient?identifier=${identifier.system}|${identifier.value}`)).body.total;
    const post = (body: string) => fetch(`${api.baseUrl}`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body });
    const token = await api.token('ehr');
    const send = (body: string, type = 'application/fhir+json') =>
      fetch(`${api.baseUrl}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': type }, body });
    const valid = JSON.stringify(asTransaction(content));
    expect((await send(valid.slice(0, -10))).status).toBe(400);
    expect((await send(valid, 'text/plain')).status).toBe(415);
    const oversized = JSON.stringify({ ...asTransaction(content), padding: 'x'.repeat(6 * 1024 * 1024) });
    expect((await send(oversized)).status).toBe(413);
    expect((await post(valid)).status).toBe(401);
    expect(await count()).toBe(0);
  });

  it('keeps prototype pollution and unknown fields out of /api bodies', async () => {
    const body = '{"tasks":[],"__proto__":{"polluted":true}}';
    const answer = await fetch(`${api.origin}/api/inbox/bulk-accept`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await api.token('gp')}`, 'Content-Type': 'application/json' },
      body,
    });
    // The parser drops "__proto__" (or the strict body reader refuses it): either way nothing is polluted.
    expect([200, 400]).toContain(answer.status);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await callAs(api, 'gp', 'POST', '/api/inbox/bulk-accept', { tasks: [], isAdmin: true })).status).toBe(400);
  });

  it('sends security headers, and CORS only for the web app', async () => {
    const answer = await fetch(`${api.origin}/health`, { headers: { Origin: 'https://evil.example' } });
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const fromWeb = await fetch(`${api.origin}/health`, { headers: { Origin: api.config.webOrigin } });
    expect(fromWeb.headers.get('access-control-allow-origin')).toBe(api.config.webOrigin);
  });

  it('limits requests per user (429 with Retry-After), shared by every API instance through Redis', async () => {
    // Counters of their own (the other tests of this run count under the run's prefix).
    const prefix = `${process.env.REDIS_PREFIX}_ratelimit`;
    const limited = await startTestApi({ RATE_LIMIT_PER_USER: '5', REDIS_PREFIX: prefix });
    const second = await startTestApi({ RATE_LIMIT_PER_USER: '5', REDIS_PREFIX: prefix });
    try {
      const token = await api.token('gp2');
      const call = (origin: string) => fetch(`${origin}/api/inbox/counts`, { headers: { Authorization: `Bearer ${token}` } });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(limited.origin)).status, (await call(second.origin)).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      const refused = await call(limited.origin);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another user is not held back by this one.
      expect((await fetch(`${limited.origin}/api/inbox/counts`, { headers: { Authorization: `Bearer ${await api.token('gp')}` } })).status).toBe(200);
    } finally {
      await Promise.all([limited.close(), second.close()]);
    }
  });
});
