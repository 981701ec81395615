/**
 * What the simulator needs to know about the seeded directory, looked up through FHIR search the way
 * a hospital system would: Haukeland's units (the requesters), patients with a GP (and which of them
 * are on the demo GPs' lists), and the demo GPs' PractitionerRoles and offices.
 */
import { IdentifierSystem, Resource } from '@app/fhir';
import { DEMO_IDENTITIES } from '../seed/bergen-directory';
import { FhirClientAdapter } from './fhir-client.adapter';

/** Haukeland universitetssjukehus by organisasjonsnummer (demo-users.json, key `haukeland`). */
const HAUKELAND_ORGNR = DEMO_IDENTITIES.organizations.haukeland?.orgnr ?? '910000039';
/** More is not needed for variety and would slow the start against a big database. */
const PATIENT_POOL_LIMIT = 5_000;
const PAGE_SIZE = '500';

/** The GPs that have logins (only they can act in the simulation). */
export const DEMO_GP_USERS = Object.entries(DEMO_IDENTITIES.users)
  .filter(([, user]) => user.role === 'gp' && user.hpr)
  .map(([key]) => key);

export interface HospitalUnit {
  reference: string;
  name: string;
}

export interface DemoGp {
  /** The demo user (`gp`, `gp2`). */
  user: string;
  role: string;
  office?: string;
}

export interface SimulationDirectory {
  units: HospitalUnit[];
  /** Seeded patients with a registered GP, as stored (the hand-over sends them as the hospital knows them). */
  patients: Resource[];
  /** Patients on a demo GP's list: their tasks are the ones the simulated GPs act on. */
  demoGpPatients: Resource[];
  demoGps: DemoGp[];
  /** Every fødselsnummer and D-nummer seen, so new synthetic patients do not collide with them. */
  knownPersonNumbers: Set<string>;
}

export class DirectoryNotSeededError extends Error {
  constructor(what: string) {
    super(`${what} — load the demo directory first (npm run seed, or npm start does it on first start)`);
    this.name = 'DirectoryNotSeededError';
  }
}

function referenceOf(value: unknown): string | undefined {
  const reference = (value as { reference?: unknown } | undefined)?.reference;
  return typeof reference === 'string' ? reference : undefined;
}

export function personNumbersOf(patient: Resource): string[] {
  const identifiers = Array.isArray(patient.identifier) ? (patient.identifier as Array<{ system?: string; value?: string }>) : [];
  return identifiers
    .filter((i) => (i.system === IdentifierSystem.Fodselsnummer || i.system === IdentifierSystem.DNummer) && typeof i.value === 'string')
    .map((i) => i.value!);
}

async function haukelandUnits(fhir: FhirClientAdapter): Promise<HospitalUnit[]> {
  const [hospital] = await fhir.searchAll('Organization', { identifier: `${IdentifierSystem.Organisasjonsnummer}|${HAUKELAND_ORGNR}` }, 1);
  if (!hospital?.id) throw new DirectoryNotSeededError(`Haukeland (organisasjonsnummer ${HAUKELAND_ORGNR}) is not in the directory`);
  const units = await fhir.searchAll('Organization', { partof: `Organization/${hospital.id}`, _count: '100' });
  if (units.length === 0) throw new DirectoryNotSeededError('Haukeland has no units in the directory');
  return units.map((unit) => ({ reference: `Organization/${unit.id}`, name: String(unit.name ?? unit.id) }));
}

async function demoGp(fhir: FhirClientAdapter, user: string): Promise<DemoGp | undefined> {
  const hpr = DEMO_IDENTITIES.users[user]?.hpr;
  if (!hpr) return undefined;
  const [practitioner] = await fhir.searchAll('Practitioner', { identifier: `${IdentifierSystem.Hpr}|${hpr}` }, 1);
  if (!practitioner?.id) return undefined;
  const [role] = await fhir.searchAll('PractitionerRole', { practitioner: `Practitioner/${practitioner.id}` }, 1);
  if (!role?.id) return undefined;
  return { user, role: `PractitionerRole/${role.id}`, office: referenceOf(role.organization) };
}

export async function loadSimulationDirectory(fhir: FhirClientAdapter): Promise<SimulationDirectory> {
  const units = await haukelandUnits(fhir);
  const demoGps = (await Promise.all(DEMO_GP_USERS.map((user) => demoGp(fhir, user)))).filter((gp): gp is DemoGp => gp !== undefined);
  const stored = await fhir.searchAll('Patient', { _count: PAGE_SIZE }, PATIENT_POOL_LIMIT);
  const demoGpPatients = (
    await Promise.all(demoGps.map((gp) => fhir.searchAll('Patient', { 'general-practitioner': gp.role, _count: PAGE_SIZE }, PATIENT_POOL_LIMIT)))
  ).flat();
  const patients = stored.filter((patient) => Array.isArray(patient.generalPractitioner) && patient.generalPractitioner.length > 0);
  if (patients.length === 0) throw new DirectoryNotSeededError('no patient with a GP found');
  const knownPersonNumbers = new Set([...stored, ...demoGpPatients].flatMap(personNumbersOf));
  const identified = (list: Resource[]) => list.filter((patient) => personNumbersOf(patient).length > 0);
  return { units, patients: identified(patients), demoGpPatients: identified(demoGpPatients), demoGps, knownPersonNumbers };
}
