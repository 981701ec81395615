import { DomainError } from '../../common/errors/domain-error';
import { fhirPathPatch } from './fhirpath-patch.patch';
import { jsonPatch } from './json-patch.patch';
import { ResourcePatch } from './resource-patch';

/**
 * The patch a PATCH request carries, by its media type: JSON Patch (`application/json-patch+json`) or
 * FHIRPath Patch (a Parameters resource as `application/fhir+json`).
 */
export function patchOf(contentType: string | undefined, body: unknown): ResourcePatch {
  const media = contentType?.split(';')[0].trim().toLowerCase();
  if (media === 'application/json-patch+json') return jsonPatch(body);
  if (media === 'application/fhir+json') return fhirPathPatch(body);
  throw DomainError.of(415, 'not-supported', 'PATCH takes a JSON Patch (application/json-patch+json) or a FHIRPath Patch Parameters resource (application/fhir+json)');
}
