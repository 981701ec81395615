/**
 * What kind of organisation a directory entry is (`Organization.type`, Bro's code system). The API finds a
 * patient's GP office, a hospital unit, the low-threshold service or a pharmacy by these, so they are
 * spelled in one place. Keep the codes stable.
 */
export const ORGANIZATION_TYPE_SYSTEM = 'urn:bro:organization-type';

export enum OrganizationTypeCode {
  GpOffice = 'gp-office',
  Hospital = 'hospital',
  HospitalUnit = 'hospital-unit',
  Municipality = 'municipality',
  LowThresholdService = 'low-threshold-service',
  /** A pharmacy that dispenses multidose; its system client sees only its own patients' episodes. */
  Pharmacy = 'pharmacy',
}

export const ORGANIZATION_TYPE_DISPLAY: Record<OrganizationTypeCode, string> = {
  [OrganizationTypeCode.GpOffice]: 'Fastlegekontor',
  [OrganizationTypeCode.Hospital]: 'Sykehus',
  [OrganizationTypeCode.HospitalUnit]: 'Sykehusavdeling',
  [OrganizationTypeCode.Municipality]: 'Kommune',
  [OrganizationTypeCode.LowThresholdService]: 'Lavterskeltilbud',
  [OrganizationTypeCode.Pharmacy]: 'Apotek',
};
