/** The FHIR resource types Bro stores and serves at /fhir/R4. Order is the order of the CapabilityStatement. */
export const SUPPORTED_RESOURCE_TYPES = [
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'HealthcareService',
  'Endpoint',
  'Encounter',
  'EpisodeOfCare',
  'Task',
  'ServiceRequest',
  'Appointment',
  'AppointmentResponse',
  'Schedule',
  'Slot',
  'MedicationStatement',
  'Communication',
  'Flag',
  'Subscription',
] as const;

export type SupportedResourceType = (typeof SUPPORTED_RESOURCE_TYPES)[number];

const supported = new Set<string>(SUPPORTED_RESOURCE_TYPES);

export function isStoredResourceType(type: string): type is SupportedResourceType {
  return supported.has(type);
}
