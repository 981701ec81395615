import type { NextFunction, Request, Response } from 'express';
import { bodyParserFailureOf } from '../common/body-parser-failure';

/**
 * Body-parser failures on the web app's /api (too large, not JSON) as the JSON errors its other refusals are
 * (`{ statusCode, error, message }`), answered before any route runs. A client's mistake, so nothing is logged
 * as a server error.
 */
export function apiBodyErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  const failure = bodyParserFailureOf(error);
  if (!failure) return next(error);
  response.status(failure.status).json({ statusCode: failure.status, error: failure.code ?? 'invalid', message: failure.message });
}
