import { IdentifierSystem } from '@app/fhir/identifiers/identifier-systems';
import { apiRequest } from '../api/api-client';

/** Codes of Bro's directory (tools/seed/directory-codes.ts), as api/directory.ts uses them. */
const GP_OFFICE_TYPE = 'urn:bro:organization-type|gp-office';
const GP_ROLE_CODE = 'urn:bro:practitioner-role|gp';
const MAX_MATCHES = 50;

/** One choice in the GP picker: a GP at their office, or an office's shared list. */
export interface GpChoice {
  /** `PractitionerRole/<id>` of a GP, or `Organization/<id>` of an office's shared list. */
  reference: string;
  kind: 'gp' | 'office';
  name: string;
  /** The GP's office (for an office, itself). */
  office: { reference: string; name: string };
}

interface Resource {
  resourceType: string;
  id: string;
  name?: string;
  active?: boolean;
  practitioner?: { reference?: string; display?: string };
  organization?: { reference?: string; display?: string };
}

interface SearchBundle {
  entry?: Array<{ resource?: Resource; search?: { mode?: string } }>;
}

function resourcesOf(bundle: SearchBundle, type: string, mode?: 'match' | 'include'): Resource[] {
  return (bundle.entry ?? [])
    .filter((entry) => entry.resource?.resourceType === type && (!mode || (entry.search?.mode ?? 'match') === mode))
    .map((entry) => entry.resource!)
    .filter((resource) => resource.active !== false);
}

function officeChoice(office: Resource): GpChoice {
  const reference = `Organization/${office.id}`;
  const name = office.name ?? office.id;
  return { reference, kind: 'office', name, office: { reference, name } };
}

/** GP roles as choices, their offices named from the included Organizations (or the reference's display). */
function gpChoices(bundle: SearchBundle, offices: Map<string, string> = new Map()): GpChoice[] {
  for (const office of resourcesOf(bundle, 'Organization')) offices.set(`Organization/${office.id}`, office.name ?? office.id);
  return resourcesOf(bundle, 'PractitionerRole', 'match').map((role) => {
    const office = role.organization?.reference ?? '';
    return {
      reference: `PractitionerRole/${role.id}`,
      kind: 'gp' as const,
      name: role.practitioner?.display ?? role.id,
      office: { reference: office, name: offices.get(office) ?? role.organization?.display ?? office },
    };
  });
}

const GP_ROLES = `/fhir/R4/PractitionerRole?role=${encodeURIComponent(GP_ROLE_CODE)}&_include=PractitionerRole:organization&_count=${MAX_MATCHES}`;

/** The GPs at one office and its shared list: what the picker offers before anything is typed. */
export async function choicesAtOffice(office: GpChoice): Promise<GpChoice[]> {
  const roles = await apiRequest<SearchBundle>(`${GP_ROLES}&organization=${encodeURIComponent(office.reference)}`);
  return [...gpChoices(roles), office];
}

/**
 * GPs and GP offices matching what was typed, through the FHIR API: an HPR number (digits) finds the GP
 * who has it; words find GPs by a part of their name and offices (with their GPs) by a part of the office's
 * name. Every word typed must be in the GP's name or their office's name.
 */
export async function searchGps(text: string): Promise<GpChoice[]> {
  const wanted = text.trim().replace(/\s+/g, ' ');
  if (/^\d+$/.test(wanted)) {
    return gpChoices(await apiRequest<SearchBundle>(`${GP_ROLES}&practitioner.identifier=${encodeURIComponent(`${IdentifierSystem.Hpr}|${wanted}`)}`));
  }
  const words = wanted.toLocaleLowerCase('nb').split(' ');
  const longest = [...words].sort((a, b) => b.length - a.length)[0];
  const [byName, officeBundle] = await Promise.all([
    apiRequest<SearchBundle>(`${GP_ROLES}&practitioner.name=${encodeURIComponent(longest)}`),
    apiRequest<SearchBundle>(`/fhir/R4/Organization?type=${encodeURIComponent(GP_OFFICE_TYPE)}&name:contains=${encodeURIComponent(longest)}&_count=20`),
  ]);
  const offices = resourcesOf(officeBundle, 'Organization');
  const atOffices = offices.length
    ? gpChoices(await apiRequest<SearchBundle>(`${GP_ROLES}&organization=${encodeURIComponent(offices.map((o) => `Organization/${o.id}`).join(','))}`))
    : [];
  const all = [...gpChoices(byName), ...atOffices, ...offices.map(officeChoice)];
  const unique = [...new Map(all.map((choice) => [choice.reference, choice])).values()];
  const fold = (value: string) => value.toLocaleLowerCase('nb');
  return unique.filter((choice) => words.every((word) => fold(`${choice.name} ${choice.office.name}`).includes(word)));
}

/** The office a signed-in GP works at (by their token's organisation number), if it is a GP office. */
export async function ownGpOffice(claims: { organizationNumber?: string }): Promise<GpChoice | undefined> {
  if (!claims.organizationNumber) return undefined;
  const bundle = await apiRequest<SearchBundle>(
    `/fhir/R4/Organization?identifier=${encodeURIComponent(`${IdentifierSystem.Organisasjonsnummer}|${claims.organizationNumber}`)}&type=${encodeURIComponent(GP_OFFICE_TYPE)}`,
  );
  const office = resourcesOf(bundle, 'Organization')[0];
  return office ? officeChoice(office) : undefined;
}

/** The user's own office first, then GPs before offices' shared lists, each by name. */
export function rankChoices(choices: GpChoice[], ownOffice: string | undefined): GpChoice[] {
  const rank = (choice: GpChoice) => (choice.office.reference === ownOffice ? 0 : 2) + (choice.kind === 'gp' ? 0 : 1);
  return [...choices].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'nb'));
}
