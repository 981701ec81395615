/**
 * Bro's own code systems and identifier systems for the directory. The API finds a patient's GP,
 * a hospital unit or the low-threshold service by these, so they are spelled in one place.
 */
export { ORGANIZATION_TYPE_DISPLAY, ORGANIZATION_TYPE_SYSTEM, OrganizationTypeCode } from '@app/fhir';
/**
 * PractitionerRole.code's system (what the person does at that organisation); a role's business identifier
 * `<hpr>@<orgnr>` (`<hpr>@<resh>` for a unit without an orgnr); a HealthcareService's. Spelled with the
 * registry's builders in libs/fhir/src/collaboration/registry-entries.ts.
 */
export { HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM, PRACTITIONER_ROLE_CODE_SYSTEM, PRACTITIONER_ROLE_IDENTIFIER_SYSTEM } from '@app/fhir';

export enum PractitionerRoleCode {
  Gp = 'gp',
  DischargeCoordinator = 'discharge-coordinator',
  HospitalDoctor = 'hospital-doctor',
}

export const PRACTITIONER_ROLE_DISPLAY: Record<PractitionerRoleCode, string> = {
  [PractitionerRoleCode.Gp]: 'Fastlege',
  [PractitionerRoleCode.DischargeCoordinator]: 'Utskrivningskoordinator',
  [PractitionerRoleCode.HospitalDoctor]: 'Sykehuslege',
};

export const LOW_THRESHOLD_SERVICE_ID = 'lavterskel';
export const LOW_THRESHOLD_SERVICE_NAME = 'Lavterskeltilbud for avviste henvisninger';
