/**
 * `work`, or a rejection ("<what> did not answer within N ms") once `milliseconds` have passed: for calls
 * to Redis or PostgreSQL that must not hang a request, a health check or a relay while a server is away.
 * The work itself is not cancelled; its answer, if it comes, is ignored.
 */
export function within<T>(work: Promise<T>, milliseconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${milliseconds} ms`)), milliseconds);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
