import { Resource } from '@app/fhir';

/**
 * A change to one resource as the client sent it (JSON Patch, FHIRPath Patch): applied to a copy of
 * the current version, it yields the next one, or throws a DomainError (400 for a patch that is wrong in
 * itself, 422 for one that does not fit this resource). FhirService.patch stores the result like any update.
 */
export interface ResourcePatch {
  /** How the patch is written, for diagnostics (`JSON Patch`, `FHIRPath Patch`). */
  readonly format: string;
  apply(resource: Resource): Resource;
}
