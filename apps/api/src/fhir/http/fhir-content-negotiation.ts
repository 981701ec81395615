import type { NextFunction, Request, Response } from 'express';
import { sendOperationOutcome } from './fhir-response';

/** The FHIR version Bro speaks, as the `fhirVersion` media type parameter writes it (R4: 4.0, 4.0.1 accepted too). */
const FHIR_VERSIONS = new Set(['4.0', '4.0.1']);
const JSON_MEDIA = new Set(['application/fhir+json', 'application/json', 'application/json+fhir', 'json']);
const ANY_MEDIA = new Set(['*/*', 'application/*']);

interface MediaRange {
  type: string;
  params: Map<string, string>;
}

function parseMediaRange(text: string): MediaRange {
  const [type, ...params] = text.split(';');
  return {
    type: type.trim().toLowerCase(),
    params: new Map(
      params.map((param) => {
        const [name, value = ''] = param.split('=');
        return [name.trim().toLowerCase(), value.trim().replace(/^"|"$/g, '')];
      }),
    ),
  };
}

/** FHIR's other formats (XML, Turtle): a client asking only for these must not be handed JSON as if it were what it asked for. */
const OTHER_FHIR_FORMATS = new Set(['application/fhir+xml', 'application/xml', 'text/xml', 'xml', 'application/xml+fhir', 'application/fhir+turtle', 'text/turtle', 'ttl']);

/**
 * Whether answering this media range with R4 JSON would mislead: one of FHIR's other formats, or FHIR of
 * another version. Anything else (JSON, any type, a browser's `text/html`) gets JSON, the one format Bro has.
 */
function refuses(range: MediaRange): boolean {
  if (OTHER_FHIR_FORMATS.has(range.type)) return true;
  const version = range.params.get('fhirversion');
  return version !== undefined && !FHIR_VERSIONS.has(version) && (JSON_MEDIA.has(range.type) || ANY_MEDIA.has(range.type));
}

/** Why a request's `_format` or `Accept` asks for what Bro does not answer in (XML, another FHIR version), if it does. */
export function unacceptableFormat(format: string | undefined, accept: string | undefined): string | undefined {
  if (format !== undefined) {
    return !refuses(parseMediaRange(format)) ? undefined : `_format=${format.slice(0, 100)}: Bro answers in FHIR R4 JSON only (_format=json)`;
  }
  if (!accept?.trim()) return undefined;
  const ranges = accept
    .split(',')
    .map(parseMediaRange)
    .filter((range) => range.type && range.params.get('q') !== '0' && !/^0(\.0*)?$/.test(range.params.get('q') ?? ''));
  if (ranges.length === 0 || !ranges.every(refuses)) return undefined;
  return `Accept: ${accept.slice(0, 100)}: Bro answers in FHIR R4 JSON only (application/fhir+json; fhirVersion=4.0)`;
}

/** Why a request body's media type names a FHIR version other than R4, if it does. */
export function unsupportedBodyVersion(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const version = parseMediaRange(contentType).params.get('fhirversion');
  return version === undefined || FHIR_VERSIONS.has(version) ? undefined : `Content-Type names fhirVersion=${version.slice(0, 20)}; Bro reads FHIR R4 (4.0) only`;
}

/**
 * 406 for a request that asks for XML, Turtle or another FHIR version (`_format` or `Accept`), before
 * anything is done: answering JSON with 200 would tell the client it got what it asked for. The
 * refusal itself is an OperationOutcome in JSON, the one format Bro has.
 */
export function refuseFormatsBroDoesNotSpeak(request: Request, response: Response, next: NextFunction): void {
  const question = request.originalUrl.indexOf('?');
  const format = question < 0 ? undefined : (new URLSearchParams(request.originalUrl.slice(question + 1)).get('_format') ?? undefined);
  const problem = unacceptableFormat(format, request.headers.accept);
  if (!problem) return next();
  sendOperationOutcome(response, 406, [{ severity: 'error', code: 'not-supported', diagnostics: problem }]);
}
