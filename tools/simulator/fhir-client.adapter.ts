/**
 * The simulator's one door to fhir-kit-client: search with paging, transaction, $process-message,
 * with a fresh bearer token on each call and failures turned into {@link RequestFailure}. An upgrade
 * of fhir-kit-client touches this file only.
 */
import Client from 'fhir-kit-client';
import { Bundle, OperationOutcome, Resource } from '@app/fhir';
import { DemoTokenSource } from './demo-token.source';
import { RequestFailure, networkFailure } from './request-failure';

const TIMEOUT_MS = 30_000;

function isOperationOutcome(data: unknown): data is OperationOutcome {
  return !!data && typeof data === 'object' && (data as Resource).resourceType === 'OperationOutcome';
}

/** The OperationOutcome of an error answer: the body itself, or inside a response message ($process-message). */
function outcomeIn(data: unknown): OperationOutcome | undefined {
  if (isOperationOutcome(data)) return data;
  const entries = (data as Bundle | undefined)?.resourceType === 'Bundle' ? ((data as Bundle).entry ?? []) : [];
  return entries.map((entry) => entry.resource).find(isOperationOutcome);
}

/** fhir-kit-client rejects with `{ response: { status, data } }` for an HTTP error, or with fetch's error. */
function failureOf(error: unknown, url: string): RequestFailure {
  const response = (error as { response?: { status?: unknown; data?: unknown } } | undefined)?.response;
  if (response && typeof response.status === 'number') {
    const { status, data } = response;
    const outcome = outcomeIn(data);
    const diagnostics = outcome ? outcome.issue.map((issue) => issue.diagnostics ?? issue.code).join('; ') : `HTTP ${status}`;
    return new RequestFailure(status, diagnostics);
  }
  return networkFailure(error, url);
}

export class FhirClientAdapter {
  private readonly client: Client;

  constructor(
    readonly baseUrl: string,
    private readonly tokens: DemoTokenSource,
  ) {
    this.client = new Client({ baseUrl });
  }

  /** Every match of a search, following `next` links, up to `limit` resources. */
  async searchAll(resourceType: string, searchParams: Record<string, string>, limit = 10_000): Promise<Resource[]> {
    const found: Resource[] = [];
    let page = await this.call((options) => this.client.search({ resourceType: resourceType as never, searchParams, options }));
    for (;;) {
      for (const entry of page.entry ?? []) if (entry.resource && found.length < limit) found.push(entry.resource);
      if (found.length >= limit || !page.link?.some((link) => link.relation === 'next')) return found;
      const current = page;
      page = await this.call((options) => this.client.nextPage({ bundle: current as never, options }));
    }
  }

  transaction(bundle: Bundle): Promise<Bundle> {
    return this.call((options) => this.client.transaction({ body: bundle as never, options }));
  }

  processMessage(bundle: Bundle): Promise<Bundle> {
    return this.call((options) => this.client.operation({ name: '$process-message', input: bundle, options }));
  }

  /** One request with the current token; after a 401 once more with a new one (the old one expired early). */
  private async call(request: (options: { headers: Record<string, string>; signal: AbortSignal }) => Promise<unknown>): Promise<Bundle> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.get();
      try {
        return (await request({ headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(TIMEOUT_MS) })) as Bundle;
      } catch (error) {
        const failure = failureOf(error, this.baseUrl);
        if (failure.status === 401 && attempt === 1) {
          this.tokens.invalidate(token);
          continue;
        }
        throw failure;
      }
    }
  }
}
