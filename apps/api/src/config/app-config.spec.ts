import { ConfigError, loadAppConfig } from './app-config';

describe('configuration', () => {
  it('has defaults that work on a development machine', () => {
    const config = loadAppConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/bro');
    expect(config.fhirBaseUrl).toBe('http://localhost:3000/fhir/R4');
    expect(config.maxBodyBytes).toBe(5 * 1024 * 1024);
    expect(config.reconcileAfterMs).toBe(15_000);
    expect(config.jobLockMs).toBe(5_000);
    expect(config.shutdownTimeoutMs).toBe(25_000);
    expect(config.webAppDir).toBeUndefined();
  });

  it('serves no web app with WEB_APP_DIR=off', () => {
    expect(loadAppConfig({ WEB_APP_DIR: 'off' }).webAppDir).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number'],
    [{ PORT: '70000' }, 'PORT must be between'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must use postgres:'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL is not a valid URL'],
    [{ MAX_BODY_SIZE: 'huge' }, 'MAX_BODY_SIZE must be a size'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ RECONCILE_AFTER_MS: '15s' }, 'RECONCILE_AFTER_MS must be a whole number'],
    [{ RECONCILE_AFTER_MS: '10' }, 'RECONCILE_AFTER_MS must be between'],
    [{ JOB_LOCK_MS: '0' }, 'JOB_LOCK_MS must be between'],
    [{ SHUTDOWN_TIMEOUT_MS: '10s' }, 'SHUTDOWN_TIMEOUT_MS must be a whole number'],
    [{ SHUTDOWN_TIMEOUT_MS: '500' }, 'SHUTDOWN_TIMEOUT_MS must be between 1000 and 600000'],
    [{ WEB_APP_DIR: '/nonexistent/web' }, 'WEB_APP_DIR must be a folder holding the built web app'],
    [{ FHIR_DEFAULT_PAGE_SIZE: '600' }, 'FHIR_DEFAULT_PAGE_SIZE (600) must not exceed'],
  ])('refuses %j with one clear line', (env, message) => {
    expect(() => loadAppConfig(env)).toThrow(ConfigError);
    expect(() => loadAppConfig(env)).toThrow(message);
  });
});
