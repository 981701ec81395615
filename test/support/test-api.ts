import { INestApplication } from '@nestjs/common';
import Client from 'fhir-kit-client';
import { createApp } from '../../apps/api/src/bootstrap/create-app';
import { AppConfig, loadAppConfig } from '../../apps/api/src/config/app-config';
import { fetchDemoToken } from '../../tools/identity-provider/demo-token';
import { freePort } from './free-port';

export interface TestApi {
  app: INestApplication;
  config: AppConfig;
  baseUrl: string;
  origin: string;
  /** A fhir-kit-client speaking to this API as the named demo user (gp, gp2, coordinator, ehr, ...). */
  fhirClient(user?: string): Promise<Client>;
  /** A token for a demo user or system client; `ehr[system/Task.rs]` is the system client asking for only those scopes. */
  token(user?: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the real API (HTTP, PostgreSQL, Redis, token checks) on a free port for one test file. */
export async function startTestApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const port = await freePort();
  const config = loadAppConfig({ ...process.env, PORT: String(port), FHIR_BASE_URL: `http://127.0.0.1:${port}/fhir/R4`, LOG_LEVEL: 'error', ...overrides });
  const app = await createApp(config);
  await app.listen(port, '127.0.0.1');
  const tokens = new Map<string, string>();
  const token = async (user = 'ehr') => {
    if (!tokens.has(user)) {
      const [, name, scope] = /^([^[]+)(?:\[(.+)\])?$/.exec(user) ?? [];
      tokens.set(user, await fetchDemoToken(config.oidcIssuer, name ?? user, { scope }));
    }
    return tokens.get(user)!;
  };
  return {
    app,
    config,
    baseUrl: config.fhirBaseUrl,
    origin: `http://127.0.0.1:${port}`,
    token,
    async fhirClient(user = 'ehr') {
      return new Client({ baseUrl: config.fhirBaseUrl, customHeaders: { Authorization: `Bearer ${await token(user)}` } });
    },
    close: () => app.close(),
  };
}
