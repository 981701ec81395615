/**
 * An answer other than 2xx from Bro's API, or none at all (status 0: the network or the server is down).
 * `message` is for the user, in their language (`api-error-text.ts`); `detail` is the API's own words
 * (`{ message }` from /api, an OperationOutcome's diagnostics from /fhir), for code that reads them.
 */
export class ApiError extends Error {
  readonly detail: string;

  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    detail?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.detail = detail ?? message;
  }

  /** Someone else changed the resource since this user saw it (If-Match did not match). */
  get isStale(): boolean {
    return this.status === 412;
  }
}

export function messageOfBody(body: unknown, status: number): { message: string; field?: string } {
  const record = (body ?? {}) as { message?: unknown; field?: unknown; issue?: Array<{ diagnostics?: string; details?: { text?: string } }> };
  if (typeof record.message === 'string') return { message: record.message, field: typeof record.field === 'string' ? record.field : undefined };
  if (Array.isArray(record.message)) return { message: record.message.join('; ') };
  const issue = record.issue?.[0];
  if (issue) return { message: issue.diagnostics ?? issue.details?.text ?? `HTTP ${status}` };
  return { message: `HTTP ${status}` };
}
