import { currentLanguage } from '../i18n/current-language';
import { ApiError, messageOfBody } from './api-error';
import { apiErrorText } from './api-error-text';

/**
 * Every call to Bro's API goes through here: the bearer token on each request, JSON in and out,
 * and a 401 sends the user back to sign in (the token expired or was refused).
 */
interface ApiAuth {
  token(): string | undefined;
  onUnauthorized(): void;
}

let auth: ApiAuth = { token: () => undefined, onUnauthorized: () => undefined };

export function configureApiAuth(next: ApiAuth): void {
  auth = next;
}

export function currentToken(): string | undefined {
  return auth.token();
}

/** The socket or a request was refused for the token: the same way out as a 401. */
export function reportUnauthorized(): void {
  auth.onUnauthorized();
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function apiResponse(path: string, options: RequestOptions = {}): Promise<Response> {
  const token = auth.token();
  if (!token) {
    auth.onUnauthorized();
    throw new ApiError(401, 'not signed in');
  }
  const isFhir = path.startsWith('/fhir/');
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      signal: options.signal,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: isFhir ? 'application/fhir+json' : 'application/json',
        ...(options.body !== undefined ? { 'Content-Type': isFhir ? 'application/fhir+json' : 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (error) {
    // A request called off is no failure to report; anything else is the browser's "Failed to fetch".
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, apiErrorText(0, '', currentLanguage()), undefined, (error as Error).message);
  }
  if (response.status === 401) {
    auth.onUnauthorized();
    throw new ApiError(401, 'not signed in');
  }
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    const { message, field } = messageOfBody(body, response.status);
    throw new ApiError(response.status, apiErrorText(response.status, message, currentLanguage()), field, message);
  }
  return response;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiResponse(path, options);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A query string from the filters that are set (empty ones left out). */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
