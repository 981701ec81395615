import { Resource } from '@app/fhir';
import type { AuditEntry } from '../audit/audit-trail.service';
import { searchParameterRegistry } from './search/search-parameter.registry';
import { valuesAtPath } from './search/element-path';

/**
 * The patient a resource is about (`Patient/<id>`), found where its `patient` search parameter is
 * declared to look, so the audit trail and the search agree on whose data it is.
 */
export function patientOf(resource: Resource): string | undefined {
  if (resource.resourceType === 'Patient') return resource.id ? `Patient/${resource.id}` : undefined;
  const parameter = searchParameterRegistry.parameter(resource.resourceType, 'patient');
  if (!parameter) return undefined;
  for (const path of parameter.paths) {
    for (const element of valuesAtPath(resource, path)) {
      const reference = (element as { reference?: unknown }).reference;
      if (typeof reference === 'string' && reference.startsWith('Patient/')) return reference;
    }
  }
  return undefined;
}

/** Audit entries with the patient each is about, found from its resource where the caller did not say. */
export function withPatients(entries: AuditEntry[]): AuditEntry[] {
  return entries.map((entry) => (entry.patient || !entry.resource ? entry : { ...entry, patient: patientOf(entry.resource) }));
}
