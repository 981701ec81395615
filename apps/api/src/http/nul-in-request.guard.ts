import type { NextFunction, Request, Response } from 'express';
import { sendOperationOutcome } from '../fhir/http/fhir-response';
import { containsNul } from '../common/json-limits';

/** Headers no part of Bro reads: a browser fills them with whatever page it came from. */
const UNREAD_HEADERS = new Set(['cookie', 'referer', 'user-agent']);

function nulPlaceOf(request: Request): string | undefined {
  if (containsNul(request.originalUrl)) return 'the URL';
  for (const [name, value] of Object.entries(request.headers)) {
    if (UNREAD_HEADERS.has(name) || value === undefined) continue;
    if ((Array.isArray(value) ? value : [value]).some(containsNul)) return `the ${name} header`;
  }
  return undefined;
}

/**
 * 400 for a NUL character (U+0000), plain or percent-encoded as `%00`, anywhere in the URL (path ids,
 * search values, /api query strings) or in a header (If-None-Exist criteria, If-Match, Prefer, the
 * emergency-access reason). PostgreSQL cannot store or compare text with NUL in it; refused here,
 * once, before routing, such a value never reaches a query. Bodies are checked by their parsers.
 */
export function refuseNulInUrlAndHeaders(request: Request, response: Response, next: NextFunction): void {
  const place = nulPlaceOf(request);
  if (!place) return next();
  const diagnostics = `${place} contains a NUL character (U+0000 or %00), which Bro does not accept`;
  if (request.path.startsWith('/fhir')) {
    sendOperationOutcome(response, 400, [{ severity: 'error', code: 'invalid', diagnostics }]);
    return;
  }
  response.status(400).json({ statusCode: 400, error: 'invalid', message: diagnostics });
}
