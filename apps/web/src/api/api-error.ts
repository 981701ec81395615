/** An answer other than 2xx from Bro's API, with its message (`{ message }` from /api, an OperationOutcome from /fhir). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
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
