import express, { NextFunction, Request, Response } from 'express';
import { findJsonLimitViolation } from '../../common/json-limits';
import { bodyParserFailureOf } from '../../common/body-parser-failure';
import { issueCodeFor } from './fhir-exception.filter';
import { sendOperationOutcome } from './fhir-response';
import { unsupportedBodyVersion } from './fhir-content-negotiation';

const JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json-patch+json'];
const FORM_TYPE = 'application/x-www-form-urlencoded';

function mediaTypeOf(request: Request): string | undefined {
  return request.headers['content-type']?.split(';')[0].trim().toLowerCase();
}

function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

/** 415 unless the body is FHIR JSON of R4 (JSON Patch or FHIRPath Patch Parameters on PATCH, form data on POST _search). */
function requireSupportedMediaType(request: Request, response: Response, next: NextFunction): void {
  if (!['POST', 'PUT', 'PATCH'].includes(request.method) || !hasBody(request)) return next();
  const type = mediaTypeOf(request);
  const allowed =
    request.method === 'PATCH'
      ? ['application/json-patch+json', 'application/fhir+json']
      : request.path.endsWith('/_search')
        ? [FORM_TYPE, ...JSON_TYPES]
        : ['application/fhir+json', 'application/json'];
  const otherVersion = unsupportedBodyVersion(request.headers['content-type']);
  if (type && allowed.includes(type) && !otherVersion) return next();
  sendOperationOutcome(response, 415, [
    {
      severity: 'error',
      code: 'not-supported',
      diagnostics: otherVersion ?? `Content-Type ${type ?? '(none)'} is not supported here; send ${allowed.join(' or ')}`,
    },
  ]);
}

/**
 * 400 for a body nested deeper than `MAX_JSON_DEPTH` (64) or carrying a NUL character, before any
 * route walks it recursively or hands it to the database.
 */
function refuseBodiesBeyondLimits(request: Request, response: Response, next: NextFunction): void {
  const body: unknown = request.body;
  if (!body || typeof body !== 'object') return next();
  const resourceType = (body as { resourceType?: unknown }).resourceType;
  const root = typeof resourceType === 'string' && /^[A-Z][A-Za-z]{0,63}$/.test(resourceType) ? resourceType : '(body)';
  const violation = findJsonLimitViolation(body, root);
  if (!violation) return next();
  sendOperationOutcome(response, 400, [
    { severity: 'error', code: violation.kind === 'depth' ? 'too-costly' : 'invalid', diagnostics: violation.diagnostics, expression: [violation.path] },
  ]);
}

/** Turns body-parser failures (bad JSON, too large) into OperationOutcomes before any route runs. */
function bodyErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  const failure = bodyParserFailureOf(error);
  if (!failure) return next(error);
  sendOperationOutcome(response, failure.status, [{ severity: 'error', code: failure.code ?? issueCodeFor(failure.status), diagnostics: failure.message }]);
}

/**
 * Body handling for /fhir/R4: only JSON media types, a size limit, strict parsing, at most
 * `MAX_JSON_DEPTH` (64) levels of nesting and no NUL characters. Runs before the routes so a
 * malformed, oversized or unstorable body never reaches a handler, let alone the database.
 */
export function fhirBodyHandlers(maxBodyBytes: number) {
  return [
    requireSupportedMediaType,
    express.json({ type: JSON_TYPES, limit: maxBodyBytes, strict: false }),
    express.urlencoded({ type: FORM_TYPE, limit: maxBodyBytes, extended: false }),
    refuseBodiesBeyondLimits,
    bodyErrors,
  ];
}
