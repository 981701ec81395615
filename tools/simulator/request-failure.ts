/**
 * A request to Bro that did not succeed, with the HTTP status (undefined when no answer came back)
 * and a message safe to print: Bro's diagnostics can quote an identifier ("another Patient already
 * has the identifier …|<fødselsnummer>"), and the simulator's output must not carry one.
 */
export class RequestFailure extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
  ) {
    super(redactPersonNumbers(message));
    this.name = 'RequestFailure';
  }

  /** How the progress line counts it: the status, or `network` / `timeout` when there was no answer. */
  get kind(): string {
    if (this.status !== undefined) return String(this.status);
    return /time/i.test(this.message) ? 'timeout' : 'network';
  }
}

/** Eleven digits in a row are a fødselsnummer or D-nummer as far as output is concerned. */
export function redactPersonNumbers(text: string): string {
  return text.replace(/(?<!\d)\d{11}(?!\d)/g, '***********');
}

/** A RequestFailure for whatever fetch threw (refused connection, abort, timeout). */
export function networkFailure(error: unknown, url: string): RequestFailure {
  const { name, message, cause } = (error ?? {}) as { name?: string; message?: string; cause?: { code?: string } };
  if (name === 'TimeoutError' || name === 'AbortError') return new RequestFailure(undefined, `no answer in time from ${url}`);
  return new RequestFailure(undefined, `cannot reach ${url}: ${cause?.code ?? message ?? String(error)}`);
}
