/** A request body the parser could not take, as the client's mistake: its status, an issue code where one says more than the status, and why. */
export interface BodyParserFailure {
  status: number;
  code?: 'too-costly' | 'structure';
  message: string;
}

/**
 * What a body-parser error (express.json) says to the client, or undefined for any other error. One reading for
 * both APIs: FHIR answers it as an OperationOutcome, the web app's /api as its JSON error.
 */
export function bodyParserFailureOf(error: unknown): BodyParserFailure | undefined {
  const failure = error as { type?: string; status?: number; limit?: number } | undefined;
  if (failure?.type === 'entity.too.large') return { status: 413, code: 'too-costly', message: `the request body is larger than the limit of ${failure.limit} bytes` };
  if (failure?.type === 'entity.parse.failed') return { status: 400, code: 'structure', message: 'the request body is not valid JSON' };
  if (failure?.status && failure.status < 500) return { status: failure.status, message: 'the request body could not be read' };
  return undefined;
}
