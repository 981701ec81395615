/**
 * A few of the demo GP's (`gp`, Kari Fastlege) patients on multidose, so "Mine multidosepasienter", the
 * badges and the board's multidose panel have something to show from the first start: the patients of 75
 * and over on the GP's list, the first few by fødselsnummer, each with an active episode — the GP
 * responsible, at their office, on e-multidose, packed by a pharmacy. Only the doctor registers episodes,
 * so the seed does it as the demo GP over FHIR (`POST /fhir/R4/EpisodeOfCare`), through the same rules; a
 * patient who already has an open episode answers 409 and is left as they are, so a second run changes
 * nothing. Change-pending episodes come from real discharges in the simulator, not from here.
 */
import {
  Bundle,
  DISPENSING_PHARMACY_EXTENSION,
  EPISODE_TYPE_SYSTEM,
  IdentifierSystem,
  MULTIDOSE_EPISODE_TYPE,
  MULTIDOSE_MODE_EXTENSION,
  MULTIDOSE_STATE_EXTENSION,
  MultidoseMode,
  MultidoseState,
  Resource,
} from '@app/fhir';
import { fetchDemoToken } from '../identity-provider/demo-token';
import { DEMO_IDENTITIES } from './bergen-directory';
import { SeedError } from './fhir-uploader';

/** The demo GP whose patients get episodes (tools/identity-provider/demo-users.json). */
export const MULTIDOSE_DEMO_GP = 'gp';
export const MULTIDOSE_DEMO_PATIENTS = 4;
export const MULTIDOSE_MIN_AGE = 75;

/** Pharmacies that pack multidose in Bergen (HER ids in the synthetic directory's numbering). */
export const MULTIDOSE_PHARMACIES = [
  { her: '8100001', name: 'Apotek 1 Sentrum' },
  { her: '8100002', name: 'Vitusapotek Åsane' },
  { her: '8100003', name: 'Boots apotek Fyllingsdalen' },
];

export interface EpisodeParty {
  /** The responsible doctor's demo user (for the HPR number), PractitionerRole and office. */
  user: string;
  role: string;
  office?: string;
}

/** An active multidose episode with the GP responsible (by role and HPR number) and their office managing it. */
export function multidoseEpisodeFor(gp: EpisodeParty, patient: string, mode: MultidoseMode, pharmacy: { her: string; name: string }): Resource {
  const hpr = DEMO_IDENTITIES.users[gp.user]?.hpr;
  return {
    resourceType: 'EpisodeOfCare',
    status: 'active',
    type: [{ coding: [{ system: EPISODE_TYPE_SYSTEM, code: MULTIDOSE_EPISODE_TYPE }] }],
    patient: { reference: patient },
    careManager: { reference: gp.role, ...(hpr ? { identifier: { system: IdentifierSystem.Hpr, value: hpr } } : {}) },
    ...(gp.office ? { managingOrganization: { reference: gp.office } } : {}),
    extension: [
      { url: MULTIDOSE_STATE_EXTENSION, valueCode: MultidoseState.Active },
      { url: MULTIDOSE_MODE_EXTENSION, valueCode: mode },
      { url: DISPENSING_PHARMACY_EXTENSION, valueReference: { identifier: { system: IdentifierSystem.Her, value: pharmacy.her }, display: pharmacy.name } },
    ],
  };
}

function ageOn(birthDate: unknown, today: string): number | undefined {
  if (typeof birthDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return undefined;
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

const personNumberOf = (patient: Resource) => String((patient.identifier as Array<{ value?: string }> | undefined)?.[0]?.value ?? '');

/** The patients to put on multidose: those of 75 and over, the first `count` by fødselsnummer (the same every run). */
export function multidoseDemoPatients(patients: readonly Resource[], today: string, count = MULTIDOSE_DEMO_PATIENTS): Resource[] {
  return patients
    .filter((patient) => patient.id && (ageOn(patient.birthDate, today) ?? 0) >= MULTIDOSE_MIN_AGE)
    .sort((a, b) => personNumberOf(a).localeCompare(personNumberOf(b)))
    .slice(0, count);
}

export interface MultidoseSeedOptions {
  fhirBaseUrl: string;
  oidcIssuer: string;
  /** `PractitionerRole/<id>` of the demo GP. */
  gpRole: string;
  /** The GP's token; fetched for the demo user `gp` when absent. */
  gpToken?: string;
  today?: string;
}

async function call<T>(url: string, token: string, method: string, body?: unknown): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json', ...(body ? { 'Content-Type': 'application/fhir+json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new SeedError(`Bro's API is not reachable at ${url} — start it with npm start`, { cause: error });
  }
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** Registers the demo GP's multidose patients; answers how many episodes were created and how many were there. */
export async function seedMultidoseEpisodes(options: MultidoseSeedOptions): Promise<{ created: number; existing: number }> {
  const base = options.fhirBaseUrl.replace(/\/$/, '');
  let token = options.gpToken;
  if (!token) {
    try {
      token = await fetchDemoToken(options.oidcIssuer.replace(/\/$/, ''), MULTIDOSE_DEMO_GP);
    } catch (error) {
      throw new SeedError(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
  const role = await call<Resource>(`${base}/${options.gpRole}`, token, 'GET');
  if (role.status !== 200) throw new SeedError(`Bro answered ${role.status} to GET ${options.gpRole} as the demo GP`);
  const gp: EpisodeParty = { user: MULTIDOSE_DEMO_GP, role: options.gpRole, office: (role.body.organization as { reference?: string } | undefined)?.reference };
  const listed = await call<Bundle>(`${base}/Patient?general-practitioner=${options.gpRole}&_count=200`, token, 'GET');
  if (listed.status !== 200) throw new SeedError(`Bro answered ${listed.status} to the demo GP's patient search`);
  const today = options.today ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());
  const patients = multidoseDemoPatients((listed.body.entry ?? []).map((entry) => entry.resource!).filter(Boolean), today);
  let created = 0;
  let existing = 0;
  for (const [i, patient] of patients.entries()) {
    const episode = multidoseEpisodeFor(gp, `Patient/${patient.id}`, MultidoseMode.Electronic, MULTIDOSE_PHARMACIES[i % MULTIDOSE_PHARMACIES.length]);
    const answer = await call<{ issue?: Array<{ diagnostics?: string }> }>(`${base}/EpisodeOfCare`, token, 'POST', episode);
    if (answer.status === 201) created++;
    else if (answer.status === 409) existing++;
    else throw new SeedError(`Bro answered ${answer.status} to registering a multidose episode: ${answer.body.issue?.map((issue) => issue.diagnostics).join('; ') ?? ''}`.trim());
  }
  return { created, existing };
}
