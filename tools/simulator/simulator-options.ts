/**
 * The simulator's command line: `--rate 5/s --duration 10m` and friends, parsed into numbers with
 * one clear line for anything it cannot read. Pure, so the spec can try every bad flag.
 */
import { parseArgs } from 'node:util';

export const DEFAULT_FHIR_BASE_URL = 'http://localhost:3000/fhir/R4';
export const DEFAULT_OIDC_ISSUER = 'http://localhost:4000';

/** Above this the load generator, not Bro, is what gets measured; use `npm run bench` for that. */
const MAX_RATE_PER_SECOND = 500;

export interface SimulatorOptions {
  /** Hand-overs per second (open loop: sent on schedule whether or not earlier ones were answered). */
  ratePerSecond: number;
  /** How long to send hand-overs; Infinity for `forever`. */
  durationMs: number;
  /** Mean time a GP takes for one step (first response, start, complete), compressed from days to seconds. */
  gpDelayMs: number;
  /** How often a progress line is printed. */
  progressEveryMs: number;
  /** Seeds the random choices, so a run can be replayed against the same directory. */
  seed: number;
  fhirBaseUrl: string;
  /** Where the GP inbox and task actions live (`<apiBase>/api/...`): the FHIR base URL without `/fhir/R4`. */
  apiBase: string;
  oidcIssuer: string;
  /** Print each refused GP or hospital action (409/412 under concurrency) as it happens. */
  verbose: boolean;
}

export const USAGE = `usage: npm run simulate -- [--rate 5/s] [--duration 10m] [--gp-delay 60s] [--progress 5s] [--seed N] [--verbose]
  --rate       hand-overs per second, per minute or per hour: 5/s, 0.2/s, 30/min, 100/h (default 1/s)
  --duration   how long to send: 30s, 10m, 1h, or forever (default forever; Ctrl-C stops)
  --gp-delay   mean time a demo GP takes per step on a task, compressed (default 60s)
  --progress   how often to print a progress line (default 5s)
  --seed       seed for the random choices (default: a new one each run, printed at start)
  environment: FHIR_BASE_URL (default ${DEFAULT_FHIR_BASE_URL}), OIDC_ISSUER (default ${DEFAULT_OIDC_ISSUER})
  Bro allows each user or client RATE_LIMIT_PER_USER requests a minute (1,200 by default): above about
  15 hand-overs/s the EHR client gets 429s unless the API runs with a higher limit.`;

/** A flag the simulator cannot use; the CLI prints the message and the usage and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const PER_UNIT: Record<string, number> = { s: 1, sec: 1, min: 60, m: 60, h: 3600 };

/** `5/s`, `0.2/s`, `30/min`, `100/h` → hand-overs per second. */
export function parseRate(raw: string): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*\/\s*(s|sec|min|m|h)\s*$/.exec(raw);
  if (!match) throw new UsageError(`--rate takes a rate such as 5/s, 0.2/s, 30/min or 100/h, got "${raw}"`);
  const perSecond = Number(match[1]) / PER_UNIT[match[2]];
  if (!(perSecond > 0)) throw new UsageError(`--rate must be above zero, got "${raw}"`);
  if (perSecond > MAX_RATE_PER_SECOND) {
    throw new UsageError(`--rate ${raw} is above ${MAX_RATE_PER_SECOND}/s; to find Bro's limits use npm run bench -- handover`);
  }
  return perSecond;
}

const MS_PER_UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** `30s`, `10m`, `1h`, `250ms` → milliseconds; `forever` → Infinity when allowed. */
export function parseDuration(raw: string, flag: string, allowForever: boolean): number {
  if (allowForever && raw.trim() === 'forever') return Infinity;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|m|h)\s*$/.exec(raw);
  const examples = `such as 30s, 10m or 1h${allowForever ? ', or forever' : ''}`;
  if (!match) throw new UsageError(`--${flag} takes a duration ${examples}, got "${raw}"`);
  const ms = Number(match[1]) * MS_PER_UNIT[match[2]];
  if (!(ms > 0)) throw new UsageError(`--${flag} must be longer than zero, got "${raw}"`);
  return ms;
}

function baseUrl(raw: string, name: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${name} is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${name} must be an http(s) URL, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

/** Parses argv (without node and the script) and the environment; 'help' when asked for the usage. */
export function parseSimulatorOptions(argv: string[], env: Record<string, string | undefined> = process.env): SimulatorOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        rate: { type: 'string' },
        duration: { type: 'string' },
        'gp-delay': { type: 'string' },
        progress: { type: 'string' },
        seed: { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // node:util names the flag ("Unknown option '--rat'"); that is the line to show.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  if (values.seed !== undefined && !/^\d{1,10}$/.test(values.seed)) throw new UsageError(`--seed takes a whole number, got "${values.seed}"`);
  const fhirBaseUrl = baseUrl(env.FHIR_BASE_URL || DEFAULT_FHIR_BASE_URL, 'FHIR_BASE_URL');
  return {
    ratePerSecond: parseRate(values.rate ?? '1/s'),
    durationMs: parseDuration(values.duration ?? 'forever', 'duration', true),
    gpDelayMs: parseDuration(values['gp-delay'] ?? '60s', 'gp-delay', false),
    progressEveryMs: parseDuration(values.progress ?? '5s', 'progress', false),
    seed: values.seed !== undefined ? Number(values.seed) % 2 ** 32 : Math.floor(Math.random() * 2 ** 32),
    fhirBaseUrl,
    apiBase: /\/fhir\/R4$/.test(fhirBaseUrl) ? fhirBaseUrl.replace(/\/fhir\/R4$/, '') : new URL(fhirBaseUrl).origin,
    oidcIssuer: baseUrl(env.OIDC_ISSUER || DEFAULT_OIDC_ISSUER, 'OIDC_ISSUER'),
    verbose: values.verbose ?? false,
  };
}
