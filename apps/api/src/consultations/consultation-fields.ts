import { Reference, Resource } from '@app/fhir';

/** The elements of a stored Appointment the consultation rules read, typed for the pure functions in @app/fhir. */
export interface ConsultationFields {
  id?: string;
  status?: unknown;
  serviceType?: unknown;
  participant?: unknown;
  requestedPeriod?: unknown;
  extension?: Array<{ url?: string; valueInstant?: string; valueReference?: Reference }>;
}

export function consultationFields(resource: Resource): ConsultationFields {
  return resource as ConsultationFields;
}
