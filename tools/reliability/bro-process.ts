import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './free-port';
import { collectOutput, exited, until } from './child-process';

const root = resolve(__dirname, '../..');
const SWC_REGISTER = resolve(__dirname, 'swc-register.js');

/** What every process of one deployment shares: its database, identity provider and Redis (server and prefix). */
export interface Deployment {
  databaseUrl: string;
  issuer: string;
  redisUrl: string;
  redisPrefix: string;
  /** More (or other) settings, e.g. RECONCILE_AFTER_MS, DATABASE_POOL_SIZE. */
  env?: Record<string, string>;
  /** Run the built processes (`dist/api`, after `npm run build`), as a deployment does, not the sources. */
  built?: boolean;
}

export interface BroProcess {
  pid: number;
  /** The last lines it wrote. */
  lines: string[];
  /** kill -9: no shutdown hooks, jobs left locked, transactions cut off. */
  kill9(): Promise<void>;
  /** SIGTERM, as a deploy does (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

export interface ApiProcess extends BroProcess {
  port: number;
  origin: string;
  fhirBaseUrl: string;
}

function processEnv(deployment: Deployment, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: deployment.databaseUrl,
    DATABASE_POOL_SIZE: '6',
    REDIS_URL: deployment.redisUrl,
    REDIS_PREFIX: deployment.redisPrefix,
    OIDC_ISSUER: deployment.issuer,
    LOG_LEVEL: 'log',
    NO_COLOR: '1',
    REST_HOOK_FIRST_RETRY_MS: '100',
    // Rest-hook receivers of tests and benchmarks listen on loopback over plain http.
    SUBSCRIPTION_HTTP_ALLOWED_HOSTS: '127.0.0.1',
    ...deployment.env,
    ...extra,
  };
}

/**
 * Runs `main` or `worker`: built (`dist/api/<name>.js`), or from the TypeScript sources through swc, which
 * starts in a second or two without a build (that matters when several start).
 */
function spawnBro(name: 'main' | 'worker', deployment: Deployment, env: NodeJS.ProcessEnv): { child: ChildProcess; lines: string[] } {
  const args = deployment.built ? [`dist/api/${name}.js`] : ['-r', SWC_REGISTER, '-r', 'tsconfig-paths/register', `apps/api/src/${name}.ts`];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  collectOutput(child, lines);
  return { child, lines };
}

function handle(child: ChildProcess, lines: string[]): BroProcess {
  return {
    pid: child.pid!,
    lines,
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

/** A worker process (relay, reconciler, matching, deliveries, reminders), answering once it has started. */
export async function startWorkerProcess(deployment: Deployment): Promise<BroProcess> {
  const { child, lines } = spawnBro('worker', deployment, processEnv(deployment));
  await until(() => lines.some((line) => line.includes('worker started')), 'the worker to start', 60_000, child, lines);
  return handle(child, lines);
}

/** An API process on `port` (a free one when not given: a restarted API takes its old port again), answering once its health check does. */
export async function startApiProcess(deployment: Deployment, port?: number): Promise<ApiProcess> {
  port ??= await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { child, lines } = spawnBro('main', deployment, processEnv(deployment, { PORT: String(port), FHIR_BASE_URL: `${origin}/fhir/R4`, RATE_LIMIT_PER_USER: '1000000', RATE_LIMIT_PER_CLIENT: '1000000' }));
  const healthy = async () => {
    try {
      return (await fetch(`${origin}/health`)).ok;
    } catch {
      return false;
    }
  };
  await until(healthy, 'the API to start', 60_000, child, lines);
  return { ...handle(child, lines), port, origin, fhirBaseUrl: `${origin}/fhir/R4` };
}
