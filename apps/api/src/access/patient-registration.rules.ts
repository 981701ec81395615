import { Resource, sameJson } from '@app/fhir';
import { DomainError } from '../common/errors/domain-error';
import { AccessPolicy } from './access-policy';

/**
 * Who a patient is (fødselsnummer, D-nummer) and who their GP is decide where every hand-over is
 * routed and who may see the patient. They come from the national registries, so they are written
 * by the registry side only: a system client with the scope (the population and GP registry
 * integrations, a hospital EHR). A hospital's hand-over may register a patient Bro did not know, with
 * the GP the hospital looked up. A clinician never re-routes a patient to themselves.
 */
export function assertPatientRegistration(policy: AccessPolicy | undefined, next: Resource, previous: Resource | undefined, establishesCareRelationship: boolean): void {
  if (next.resourceType !== 'Patient' || !policy || policy.role === 'system') return;
  if (!previous) {
    if (establishesCareRelationship) return;
    throw DomainError.forbidden(
      "patients are registered by the registry integration (a system client) or arrive with a hospital's discharge hand-over; look the patient up instead",
    );
  }
  if (!sameJson(next.generalPractitioner, previous.generalPractitioner)) {
    throw DomainError.forbidden('Patient.generalPractitioner comes from the GP registry (fastlegeregisteret): only the registry integration changes it', 'Patient.generalPractitioner');
  }
  if (!sameJson(next.identifier, previous.identifier)) {
    throw DomainError.forbidden("a patient's fødselsnummer or D-nummer comes from the population registry: only the registry integration changes it", 'Patient.identifier');
  }
}

