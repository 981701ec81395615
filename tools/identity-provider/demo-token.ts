/**
 * Helpers around the development identity provider (dev-identity-provider.mjs) for scripts and tests:
 * start it as a child process, and fetch access tokens for demo users and demo system clients.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const PROVIDER_SCRIPT = resolve(__dirname, 'dev-identity-provider.mjs');
const DEMO_USERS_FILE = resolve(__dirname, 'demo-users.json');
const DEMO_USER_GRANT = 'urn:bro:params:oauth:grant-type:demo-user';
const DEV_CLI_CLIENT = { clientId: 'bro-dev-cli', clientSecret: 'dev-secret-bro-cli' };
const READY_LINE = /^identity provider ready at (\S+)\s*$/m;
const START_TIMEOUT_MS = 20_000;

interface DemoClient {
  clientId: string;
  clientSecret: string;
  scope?: string;
}

interface DemoIdentities {
  users: Record<string, unknown>;
  clients: Record<string, DemoClient>;
}

/** The identity provider could not be reached at all (not running, wrong port): distinct from a refusal. */
export class IdentityProviderUnreachableError extends Error {
  constructor(readonly issuer: string, options?: { cause?: unknown }) {
    super(`identity provider not reachable at ${issuer} — start Bro with npm start`, options);
    this.name = 'IdentityProviderUnreachableError';
  }
}

function demoIdentities(): DemoIdentities {
  const parsed = JSON.parse(readFileSync(DEMO_USERS_FILE, 'utf8')) as Partial<DemoIdentities>;
  return { users: parsed.users ?? {}, clients: parsed.clients ?? {} };
}

/** `ehr` (its key in demo-users.json) and `haukeland-ehr` (its client id) both name the same system client. */
function demoClientNamed(name: string, clients: Record<string, DemoClient>): DemoClient | undefined {
  if (Object.hasOwn(clients, name)) return clients[name];
  return Object.values(clients).find((client) => client.clientId === name);
}

function basicAuth(clientId: string, clientSecret: string): string {
  // RFC 6749 §2.3.1: form-encode id and secret before base64.
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/**
 * fetch, tried a second time when the first never got an answer: a kept-alive connection the provider closed just
 * as it was reused ("other side closed") says nothing about the provider. Both requests here are safe to repeat.
 */
async function fetchOnceMore(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch {
    return fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  }
}

async function tokenEndpointOf(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetchOnceMore(url, {});
  } catch (cause) {
    throw new IdentityProviderUnreachableError(issuer, { cause });
  }
  if (!response.ok) throw new Error(`identity provider at ${issuer} answered ${response.status} to ${url}`);
  const discovery = (await response.json()) as { token_endpoint?: string };
  if (!discovery.token_endpoint) throw new Error(`identity provider at ${issuer} publishes no token_endpoint`);
  return discovery.token_endpoint;
}

/**
 * An access token for a demo user (`gp`, `coordinator`, ...) through the demo-user grant, or for a
 * demo system client (`ehr` / `haukeland-ehr`) through client_credentials: with the scopes it is
 * registered with, or only `scope` (some of them, as a client asking for less would).
 */
export async function fetchDemoToken(issuer: string, username: string, options: { scope?: string } = {}): Promise<string> {
  const { clients } = demoIdentities();
  const system = demoClientNamed(username, clients);
  if (options.scope && !system) throw new Error(`only a system client asks for scopes; "${username}" is a demo user`);
  const tokenEndpoint = await tokenEndpointOf(issuer);
  const [authorization, form] = system
    ? [basicAuth(system.clientId, system.clientSecret), { grant_type: 'client_credentials', ...(options.scope ? { scope: options.scope } : {}) }]
    : [basicAuth(DEV_CLI_CLIENT.clientId, DEV_CLI_CLIENT.clientSecret), { grant_type: DEMO_USER_GRANT, username }];

  let response: Response;
  try {
    response = await fetchOnceMore(tokenEndpoint, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
  } catch (cause) {
    throw new IdentityProviderUnreachableError(issuer, { cause });
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
  if (!response.ok || !body.access_token) {
    let reason = body.error_description ?? body.error ?? `HTTP ${response.status}`;
    if (body.error === 'invalid_grant' && Object.keys(clients).length) reason += `; demo system clients: ${Object.keys(clients).join(', ')}`;
    throw new Error(`identity provider at ${issuer} refused a token for "${username}": ${reason}`);
  }
  return body.access_token;
}

export interface DevIdentityProviderOptions {
  port: number;
  /** Defaults to `http://localhost:<port>`. */
  issuer?: string;
  /** Access token lifetime; tests use short ones to see expiry. Defaults to OIDC_ACCESS_TOKEN_TTL, else one hour. */
  accessTokenTtlSeconds?: number;
}

export interface RunningIdentityProvider {
  issuer: string;
  stop(): Promise<void>;
}

/**
 * Starts dev-identity-provider.mjs as a child process and resolves once it listens. Rejects with the
 * child's stderr when it exits early, or after 20 s. The child also stops by itself if this process dies.
 */
export function startDevIdentityProvider(options: DevIdentityProviderOptions): Promise<RunningIdentityProvider> {
  const issuer = (options.issuer ?? `http://localhost:${options.port}`).replace(/\/$/, '');
  const env: NodeJS.ProcessEnv = { ...process.env, OIDC_PORT: String(options.port), OIDC_ISSUER: issuer };
  if (options.accessTokenTtlSeconds !== undefined) env.OIDC_ACCESS_TOKEN_TTL = String(options.accessTokenTtlSeconds);

  // The IPC channel is only there so the child notices (on 'disconnect') when this process dies.
  const child = spawn(process.execPath, [PROVIDER_SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.channel?.unref();

  return new Promise((resolvePromise, reject) => {
    let stdout = '';
    let stderr = '';
    let ready = false;

    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(stderr.trim() ? `${message}:\n${stderr.trim()}` : message));
    };
    const timer = setTimeout(() => fail(`identity provider did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);

    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      if (ready) return;
      stdout += chunk;
      if (!READY_LINE.test(stdout)) return;
      ready = true;
      clearTimeout(timer);
      resolvePromise({ issuer, stop: () => stopChild(child) });
    });
    child.stderr!.on('data', (chunk: string) => {
      // Before it is ready, keep what it says for the error message; afterwards pass it on.
      if (ready) process.stderr.write(chunk.replace(/^(?=.)/gm, '[identity-provider] '));
      else stderr = (stderr + chunk).slice(-8_000);
    });
    child.once('error', (error) => fail(`cannot start the identity provider: ${error.message}`));
    child.once('exit', (code, signal) => {
      if (!ready) fail(`identity provider exited before it was ready (${signal ?? `exit code ${code}`})`);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const forceTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(forceTimer);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}
