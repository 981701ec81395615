import type { PatientSummary } from '@app/fhir/api/referral-answers';
import { IdentifierSystem } from '@app/fhir/identifiers/identifier-systems';
import { apiRequest } from '../api/api-client';

interface PatientBundle {
  entry?: Array<{ resource?: { resourceType: string; id: string; birthDate?: string; name?: Array<{ text?: string; given?: string[]; family?: string }> } }>;
}

const FODSELSNUMMER = /^\d{11}$/;
const MAX_MATCHES = 50;

/**
 * The caller's patients matching a name (starts with, any part) or a fødselsnummer, through the FHIR API:
 * the access policy leaves only those the GP has a work-related need to see, and the search is audited there.
 */
export async function searchOwnPatients(text: string): Promise<PatientSummary[]> {
  const wanted = text.trim().replace(/\s+/g, ' ');
  const digits = wanted.replace(/\s/g, '');
  const byNumber = FODSELSNUMMER.test(digits);
  // FHIR's name search matches one part of a name; the other words the user typed narrow the answer here.
  const words = wanted.toLocaleLowerCase('nb').split(' ');
  const criterion = byNumber ? `identifier=${encodeURIComponent(`${IdentifierSystem.Fodselsnummer}|${digits}`)}` : `name=${encodeURIComponent(words[0])}`;
  const bundle = await apiRequest<PatientBundle>(`/fhir/R4/Patient?${criterion}&_count=${MAX_MATCHES}`);
  return (bundle.entry ?? [])
    .map((entry) => entry.resource)
    .filter((resource): resource is NonNullable<typeof resource> => resource?.resourceType === 'Patient')
    .map((resource) => ({ id: resource.id, name: nameOf(resource.name), birthDate: resource.birthDate }))
    .filter((patient) => byNumber || words.every((word) => (patient.name ?? '').toLocaleLowerCase('nb').includes(word)))
    .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'nb'));
}

function nameOf(names: Array<{ text?: string; given?: string[]; family?: string }> | undefined): string | undefined {
  const name = names?.[0];
  if (!name) return undefined;
  return name.text ?? ([...(name.given ?? []), name.family].filter(Boolean).join(' ') || undefined);
}
