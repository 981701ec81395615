/**
 * The hospital doctors of the demo coordinator's unit (Medisinsk avdeling, Haukeland), found through FHIR as a
 * hospital system would: the doctors a consultation can be planned with.
 */
import { DEMO_IDENTITIES } from '../seed/bergen-directory';
import { PRACTITIONER_ROLE_CODE_SYSTEM, PractitionerRoleCode } from '../seed/directory-codes';
import { FhirClientAdapter } from './fhir-client.adapter';
import { HospitalUnit } from './simulation-directory';

/** The unit the demo user signs in for; the coordinator can plan only for its own discharges. */
export function unitOfUser(units: readonly HospitalUnit[], user: string): HospitalUnit | undefined {
  const organization = DEMO_IDENTITIES.organizations[DEMO_IDENTITIES.users[user]?.organization ?? ''];
  return organization ? units.find((unit) => unit.name === organization.name) : undefined;
}

export async function hospitalDoctorsOf(fhir: FhirClientAdapter, unit: HospitalUnit | undefined): Promise<string[]> {
  if (!unit) return [];
  const roles = await fhir.searchAll('PractitionerRole', { organization: unit.reference, role: `${PRACTITIONER_ROLE_CODE_SYSTEM}|${PractitionerRoleCode.HospitalDoctor}`, _count: '100' });
  return roles.filter((role) => role.active !== false).map((role) => `PractitionerRole/${role.id}`);
}
