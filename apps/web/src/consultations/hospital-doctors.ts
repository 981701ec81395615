import { apiRequest } from '../api/api-client';
import { DirectoryChoice } from '../api/directory';

/** Bro's directory code for a hospital doctor's PractitionerRole (tools/seed/directory-codes.ts). */
const HOSPITAL_DOCTOR_ROLE = 'urn:bro:practitioner-role|hospital-doctor';

interface RoleBundle {
  entry?: Array<{ resource?: { resourceType: string; id: string; active?: boolean; practitioner?: { display?: string } } }>;
}

/** The hospital doctors of a unit, by name: whoever the coordinator may plan a consultation with. */
export async function hospitalDoctorsAt(unit: string): Promise<DirectoryChoice[]> {
  const bundle = await apiRequest<RoleBundle>(`/fhir/R4/PractitionerRole?organization=${encodeURIComponent(unit)}&role=${encodeURIComponent(HOSPITAL_DOCTOR_ROLE)}&_count=200`);
  return (bundle.entry ?? [])
    .map((entry) => entry.resource!)
    .filter((resource) => resource?.resourceType === 'PractitionerRole' && resource.active !== false)
    .map((resource) => ({ reference: `PractitionerRole/${resource.id}`, name: resource.practitioner?.display ?? resource.id }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}
