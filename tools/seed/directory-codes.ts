/**
 * Bro's own code systems and identifier systems for the directory. The API finds a patient's GP,
 * a hospital unit or the low-threshold service by these, so they are spelled in one place.
 */
export { ORGANIZATION_TYPE_DISPLAY, ORGANIZATION_TYPE_SYSTEM, OrganizationTypeCode } from '@app/fhir';

/** Code system of PractitionerRole.code (what the person does at that organisation). */
export const PRACTITIONER_ROLE_CODE_SYSTEM = 'urn:bro:practitioner-role';

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

/** Business identifier of a PractitionerRole: `<hpr>@<orgnr>` (`<hpr>@<resh>` for a unit without an orgnr). */
export const PRACTITIONER_ROLE_IDENTIFIER_SYSTEM = 'urn:bro:practitioner-role';

export const HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM = 'urn:bro:healthcare-service';
export const LOW_THRESHOLD_SERVICE_ID = 'lavterskel';
export const LOW_THRESHOLD_SERVICE_NAME = 'Lavterskeltilbud for avviste henvisninger';
