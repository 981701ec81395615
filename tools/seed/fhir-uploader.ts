/**
 * Loads seed entries into Bro the way an outside system would: transaction Bundles of conditional
 * creates through fhir-kit-client. The one file that knows fhir-kit-client, so an upgrade touches
 * only this one.
 */
import Client from 'fhir-kit-client';
import { Bundle, BundleEntry, OperationOutcome, Resource } from '@app/fhir';
import { SeedEntry, ifNoneExistOf } from './seed-entry';

export interface UploadOptions {
  fhirBaseUrl: string;
  token: string;
  /** Entries per transaction Bundle. */
  bundleSize?: number;
  /** Bundles in flight at once. */
  concurrency?: number;
  /** Per Bundle. */
  timeoutMs?: number;
  onProgress?: (progress: UploadProgress) => void;
}

export interface TypeCount {
  created: number;
  existing: number;
  total: number;
}

export interface UploadProgress {
  /** Resource types in the Bundle that just finished. */
  types: string[];
  counts: Record<string, TypeCount>;
}

export interface UploadResult {
  counts: Record<string, TypeCount>;
  /** fullUrl (`urn:uuid:…`) → the `Type/id` the server gave or found. */
  resolved: Map<string, string>;
}

/** A failure to report in one line: the seed's caller prints `message` and exits. */
export class SeedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SeedError';
  }
}

interface PlannedBundle {
  index: number;
  entries: SeedEntry[];
  dependsOn: number[];
}

const URN_UUID = 'urn:uuid:';

function referencesIn(node: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => referencesIn(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'reference' && typeof value === 'string' && value.startsWith(URN_UUID)) found.add(value);
      else if (value && typeof value === 'object') referencesIn(value, found);
    }
  }
  return found;
}

/** A copy of the resource with references to entries of earlier Bundles turned into the server's `Type/id`. */
function withResolvedReferences<T>(node: T, resolved: Map<string, string>): T {
  if (Array.isArray(node)) return node.map((item) => withResolvedReferences(item, resolved)) as T;
  if (!node || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] = key === 'reference' && typeof value === 'string' && resolved.has(value) ? resolved.get(value) : withResolvedReferences(value, resolved);
  }
  return copy as T;
}

/**
 * Packs groups (entries that must travel together, such as a Practitioner and its roles) into
 * Bundles of about `bundleSize` entries, in order, and works out which earlier Bundles each one
 * waits for. A reference to an entry that only comes later is a mistake in the caller's order.
 */
export function planBundles(groups: SeedEntry[][], bundleSize: number): PlannedBundle[] {
  const bundles: PlannedBundle[] = [];
  let current: SeedEntry[] = [];
  const close = () => {
    if (current.length) bundles.push({ index: bundles.length, entries: current, dependsOn: [] });
    current = [];
  };
  for (const group of groups) {
    if (current.length + group.length > bundleSize) close();
    current.push(...group);
  }
  close();

  const bundleOf = new Map<string, number>();
  for (const bundle of bundles) {
    for (const entry of bundle.entries) {
      if (bundleOf.has(entry.fullUrl)) {
        throw new Error(`${entry.identifier.system}|${entry.identifier.value} is in the seed twice`);
      }
      bundleOf.set(entry.fullUrl, bundle.index);
    }
  }
  for (const bundle of bundles) {
    const dependsOn = new Set<number>();
    for (const entry of bundle.entries) {
      for (const reference of referencesIn(entry.resource, new Set())) {
        const owner = bundleOf.get(reference);
        if (owner === undefined || owner > bundle.index) {
          throw new Error(`${entry.resource.resourceType} ${entry.identifier.value} refers to ${reference}, which is not loaded before it`);
        }
        if (owner !== bundle.index) dependsOn.add(owner);
      }
    }
    bundle.dependsOn = [...dependsOn];
  }
  return bundles;
}

function isOperationOutcome(data: unknown): data is OperationOutcome {
  return !!data && typeof data === 'object' && (data as Resource).resourceType === 'OperationOutcome';
}

/** One line that says what went wrong, from whatever fhir-kit-client or fetch threw. */
export function describeFailure(error: unknown, fhirBaseUrl: string): string {
  const response = (error as { response?: { status?: number; data?: unknown } } | undefined)?.response;
  if (response && typeof response.status === 'number') {
    const { status, data } = response;
    const diagnostics = isOperationOutcome(data)
      ? data.issue.map((issue) => issue.diagnostics ?? issue.code).join('; ')
      : typeof data === 'string' && data.trim()
        ? data.trim().slice(0, 300)
        : `HTTP ${status}`;
    if (status === 401 || status === 403) return `Bro's API refused the seed's access token (${status}): ${diagnostics}`;
    return `Bro's API answered ${status}: ${diagnostics}`;
  }
  // By name, not instanceof: fetch's errors come from another realm under Jest.
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') return `Bro's API at ${fhirBaseUrl} did not answer in time`;
  if (name === 'TypeError' && message === 'fetch failed') {
    // Connection refused, unknown host, connection reset.
    return `Bro's API is not reachable at ${fhirBaseUrl} — start it with npm start`;
  }
  return typeof message === 'string' ? message : String(error);
}

function idOf(entry: BundleEntry | undefined, resourceType: string): string | undefined {
  if (entry?.resource?.id) return entry.resource.id;
  const location = entry?.response?.location;
  const match = location ? new RegExp(`(?:^|/)${resourceType}/([^/]+)`).exec(location) : null;
  return match?.[1];
}

/** Runs `task`s with at most `limit` at once, in the order they ask. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

export async function uploadInTransactions(groups: SeedEntry[][], options: UploadOptions): Promise<UploadResult> {
  const bundles = planBundles(groups, options.bundleSize ?? 200);
  const client = new Client({ baseUrl: options.fhirBaseUrl, bearerToken: options.token });
  const timeoutMs = options.timeoutMs ?? 120_000;
  const resolved = new Map<string, string>();
  const counts: Record<string, TypeCount> = {};
  for (const entry of groups.flat()) {
    const type = entry.resource.resourceType;
    counts[type] ??= { created: 0, existing: 0, total: 0 };
    counts[type].total++;
  }

  let failure: unknown;
  const slot = limiter(Math.max(1, options.concurrency ?? 2));

  const send = async (bundle: PlannedBundle): Promise<void> => {
    const body: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: bundle.entries.map((entry) => ({
        fullUrl: entry.fullUrl,
        resource: withResolvedReferences(entry.resource, resolved),
        request: { method: 'POST', url: entry.resource.resourceType, ifNoneExist: ifNoneExistOf(entry) },
      })),
    };
    let response: Bundle;
    try {
      response = (await client.transaction({
        body: body as Bundle & { type: 'transaction' },
        // Only ids are needed back; `return=minimal` spares sending every resource back again.
        options: { headers: { prefer: 'return=minimal' }, signal: AbortSignal.timeout(timeoutMs) },
      })) as Bundle;
    } catch (error) {
      throw new SeedError(describeFailure(error, options.fhirBaseUrl), { cause: error });
    }
    const answers = response.entry ?? [];
    if (answers.length !== bundle.entries.length) {
      throw new SeedError(`Bro's API answered a transaction of ${bundle.entries.length} entries with ${answers.length}`);
    }
    bundle.entries.forEach((entry, i) => {
      const type = entry.resource.resourceType;
      const status = answers[i].response?.status ?? '';
      const id = idOf(answers[i], type);
      if (!id || !/^20[01]\b/.test(status)) {
        throw new SeedError(`Bro's API answered "${status}"${id ? '' : ' with no id'} for ${type} ${entry.identifier.system}|${entry.identifier.value}`);
      }
      resolved.set(entry.fullUrl, `${type}/${id}`);
      if (status.startsWith('201')) counts[type].created++;
      else counts[type].existing++;
    });
    options.onProgress?.({ types: [...new Set(bundle.entries.map((entry) => entry.resource.resourceType))], counts });
  };

  const done: Array<Promise<void>> = [];
  for (const bundle of bundles) {
    done[bundle.index] = (async () => {
      await Promise.all(bundle.dependsOn.map((index) => done[index]));
      await slot(async () => {
        if (failure === undefined) await send(bundle);
      });
    })().catch((error: unknown) => {
      failure ??= error;
      throw error;
    });
  }
  await Promise.allSettled(done);
  if (failure !== undefined) throw failure;
  return { counts, resolved };
}
