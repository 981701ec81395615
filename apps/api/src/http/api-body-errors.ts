import type { NextFunction, Request, Response } from 'express';

/**
 * Body-parser failures on the web app's /api (too large, not JSON) as the JSON errors its other refusals are
 * (`{ statusCode, error, message }`), answered before any route runs. A client's mistake, so nothing is logged
 * as a server error.
 */
export function apiBodyErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  const failure = error as { type?: string; status?: number; limit?: number };
  if (failure?.type === 'entity.too.large') {
    response.status(413).json({ statusCode: 413, error: 'too-costly', message: `the request body is larger than the limit of ${failure.limit} bytes` });
    return;
  }
  if (failure?.type === 'entity.parse.failed') {
    response.status(400).json({ statusCode: 400, error: 'structure', message: 'the request body is not valid JSON' });
    return;
  }
  if (failure?.status && failure.status < 500) {
    response.status(failure.status).json({ statusCode: failure.status, error: 'invalid', message: 'the request body could not be read' });
    return;
  }
  next(error);
}
