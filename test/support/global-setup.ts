// Global setup runs outside Jest's module mapper: resolve @app/* the way the tools do.
import 'tsconfig-paths/register';
import { randomBytes } from 'node:crypto';
import { startDevIdentityProvider } from '../../tools/identity-provider/demo-token';
import { seedDirectory } from '../../tools/seed/seed';
import { startTestApi } from './test-api';
import { rememberTestDirectory } from './test-directory';
import { createTestDatabase } from './test-database';
import { freePort } from './free-port';

/**
 * One database, one Redis key prefix and one identity provider for this test run; their
 * coordinates reach the test files through the environment. Removed again in global-teardown.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const databaseName = `bro_test_${runId}`;
  process.env.BRO_TEST_DATABASE_NAME = databaseName;
  process.env.DATABASE_URL = await createTestDatabase(databaseName);
  process.env.REDIS_PREFIX = `bro_test_${runId}`;
  process.env.REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  // Many files in a row call as the same demo users, several hundred requests each: how many fall into one clock
  // minute depends on the machine's speed and the files' order. The rate limit is tested on its own, with its own
  // limit and Redis prefix (test/security/hardening.e2e-spec.ts); everywhere else it must not decide a result.
  process.env.RATE_LIMIT_PER_USER ??= '1000000';
  process.env.RATE_LIMIT_PER_CLIENT ??= '1000000';
  // The tests' rest-hook receivers listen on loopback over plain http: trusted here, as in development.
  process.env.SUBSCRIPTION_HTTP_ALLOWED_HOSTS ??= '127.0.0.1';
  const port = await freePort();
  const identityProvider = await startDevIdentityProvider({ port });
  process.env.OIDC_ISSUER = identityProvider.issuer;
  (globalThis as { __broIdentityProvider?: { stop(): Promise<void> } }).__broIdentityProvider = identityProvider;

  // The Bergen directory (offices, GPs, hospital units, the demo users' roles) is shared ground, like the
  // identity provider: tests add their own patients and tasks on top of it and never change it.
  const api = await startTestApi();
  try {
    const summary = await seedDirectory({ fhirBaseUrl: api.baseUrl, oidcIssuer: identityProvider.issuer, patients: 50 });
    rememberTestDirectory(summary.references);
  } finally {
    await api.close();
  }
}
