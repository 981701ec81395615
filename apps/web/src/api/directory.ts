import { IdentifierSystem } from '@app/fhir/identifiers/identifier-systems';
import { apiRequest } from './api-client';

/** Codes of Bro's directory (tools/seed/directory-codes.ts; the API finds GPs and offices by them). */
const GP_OFFICE_TYPE = 'urn:bro:organization-type|gp-office';
const GP_ROLE_CODE = 'urn:bro:practitioner-role|gp';
const HOSPITAL_UNIT_TYPE = 'urn:bro:organization-type|hospital-unit';

interface SearchBundle {
  entry?: Array<{ resource?: { resourceType: string; id: string; name?: string; active?: boolean; practitioner?: { display?: string } } }>;
}

export interface DirectoryChoice {
  reference: string;
  name: string;
}

function byName(a: DirectoryChoice, b: DirectoryChoice): number {
  return a.name.localeCompare(b.name, 'nb');
}

/** The active organisations of one directory type, by name. */
async function organizationsOfType(type: string): Promise<DirectoryChoice[]> {
  const bundle = await apiRequest<SearchBundle>(`/fhir/R4/Organization?type=${encodeURIComponent(type)}&_count=500`);
  return (bundle.entry ?? [])
    .map((entry) => entry.resource!)
    .filter((resource) => resource?.resourceType === 'Organization' && resource.active !== false)
    .map((resource) => ({ reference: `Organization/${resource.id}`, name: resource.name ?? resource.id }))
    .sort(byName);
}

/** Bergen's GP offices (about 50), by name. */
export function gpOffices(): Promise<DirectoryChoice[]> {
  return organizationsOfType(GP_OFFICE_TYPE);
}

/** The hospital units a GP can refer to ("<unit>, <hospital>"), by name. */
export function hospitalUnits(): Promise<DirectoryChoice[]> {
  return organizationsOfType(HOSPITAL_UNIT_TYPE);
}

/** The GPs (active PractitionerRoles) at one office. */
export async function gpsAt(office: string): Promise<DirectoryChoice[]> {
  const bundle = await apiRequest<SearchBundle>(
    `/fhir/R4/PractitionerRole?organization=${encodeURIComponent(office)}&role=${encodeURIComponent(GP_ROLE_CODE)}&_count=200`,
  );
  return (bundle.entry ?? [])
    .map((entry) => entry.resource!)
    .filter((resource) => resource?.resourceType === 'PractitionerRole' && resource.active !== false)
    .map((resource) => ({ reference: `PractitionerRole/${resource.id}`, name: resource.practitioner?.display ?? resource.id }))
    .sort(byName);
}

/**
 * The signed-in coordinator's hospital unit in the directory, found by the token's RESH id (or its
 * organisation number): the requester of the hand-overs they send.
 */
export async function ownUnit(claims: { reshId?: string; organizationNumber?: string }): Promise<DirectoryChoice | undefined> {
  const identifier = claims.reshId
    ? `${IdentifierSystem.Resh}|${claims.reshId}`
    : claims.organizationNumber
      ? `${IdentifierSystem.Organisasjonsnummer}|${claims.organizationNumber}`
      : undefined;
  if (!identifier) return undefined;
  const bundle = await apiRequest<SearchBundle>(`/fhir/R4/Organization?identifier=${encodeURIComponent(identifier)}`);
  const unit = bundle.entry?.map((entry) => entry.resource!).find((resource) => resource?.resourceType === 'Organization');
  return unit ? { reference: `Organization/${unit.id}`, name: unit.name ?? unit.id } : undefined;
}
