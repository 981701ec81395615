/**
 * Bro's JSON API (`/api/...`: the GP inbox, task actions, the hospital's hand-over lists) as the web
 * app calls it, as one demo user. Not FHIR, so plain fetch; a 401 fetches a new token and tries once more.
 */
import { DemoTokenSource } from './demo-token.source';
import { RequestFailure, networkFailure } from './request-failure';

const TIMEOUT_MS = 30_000;

/** One task as the inbox and the task actions return it (the fields the simulator uses). */
export interface TaskSummary {
  id: string;
  version: number;
  status: string;
  category?: { code: string };
  patient?: { id: string };
  owner?: { reference: string };
  requester?: { reference: string };
  contest?: { reason?: string; resolution?: string };
  nextStatuses: string[];
}

export interface TaskPage {
  total: number;
  tasks: TaskSummary[];
}

export class BroApiClient {
  constructor(
    private readonly apiBase: string,
    readonly tokens: DemoTokenSource,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  /** A FHIR update (calling a consultation off, which /api has no action for), with If-Match from the version read. */
  put<T>(path: string, body: unknown, headers: Record<string, string>): Promise<T> {
    return this.call<T>('PUT', path, body, headers);
  }

  private async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const url = `${this.apiBase}${path}`;
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.get();
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        throw networkFailure(error, url);
      }
      const text = await response.text();
      if (response.status === 401 && attempt === 1) {
        this.tokens.invalidate(token);
        continue;
      }
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        throw new RequestFailure(response.status, `${method} ${path}: HTTP ${response.status}, not JSON`);
      }
      if (!response.ok) {
        // Errors come as { statusCode, message }; message may be a list (validation).
        const message = (parsed as { message?: unknown } | undefined)?.message ?? (parsed as { issue?: Array<{ diagnostics?: string }> } | undefined)?.issue?.[0]?.diagnostics;
        throw new RequestFailure(response.status, `${method} ${path}: ${Array.isArray(message) ? message.join('; ') : String(message ?? `HTTP ${response.status}`)}`);
      }
      return parsed as T;
    }
  }
}
