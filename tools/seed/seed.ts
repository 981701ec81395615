/**
 * Loads the synthetic Bergen directory and patients into a running Bro through its FHIR API.
 * `npm run seed` calls this; `npm start`, benchmarks and tests can too.
 */
import { fetchDemoToken } from '../identity-provider/demo-token';
import { DEFAULT_DIRECTORY_OPTIONS, buildBergenDirectory, directoryGroups } from './bergen-directory';
import { buildConsultationSchedules } from './consultation-schedules';
import { SeedError, TypeCount, UploadProgress, uploadInTransactions } from './fhir-uploader';
import { SeedEntry } from './seed-entry';
import { DEFAULT_PATIENT_OPTIONS, buildSyntheticPatients } from './synthetic-patients';

export { SeedError } from './fhir-uploader';
export type { TypeCount, UploadProgress } from './fhir-uploader';

export const DEFAULT_FHIR_BASE_URL = 'http://localhost:3000/fhir/R4';
export const DEFAULT_OIDC_ISSUER = 'http://localhost:4000';
/** The demo system client the seed logs in as: a hospital EHR, allowed to write the directory. */
export const SEED_CLIENT = 'ehr';

export interface SeedOptions {
  /** Defaults to FHIR_BASE_URL, else http://localhost:3000/fhir/R4. */
  fhirBaseUrl?: string;
  /** An access token to use as is; without it one is fetched for the demo client `ehr`. */
  token?: string;
  /** Where to fetch that token; defaults to OIDC_ISSUER, else http://localhost:4000. */
  oidcIssuer?: string;
  offices?: number;
  gps?: number;
  patients?: number;
  seed?: number;
  bundleSize?: number;
  concurrency?: number;
  onProgress?: (progress: UploadProgress) => void;
}

export interface SeedSummary {
  /** Per resource type: created by this run, already there (found by business identifier), and in all. */
  counts: Record<string, TypeCount>;
  created: number;
  existing: number;
  elapsedMs: number;
  /** Server references (`Type/id`) of what demos and tests look for. */
  references: {
    /** demo-users.json organisation key → `Organization/<id>`. */
    demoOrganizations: Record<string, string>;
    /** demo user key (gp, gp2, coordinator) → `PractitionerRole/<id>`. */
    demoPractitionerRoles: Record<string, string>;
    lowThresholdService: string;
  };
}

function resolvedReference(resolved: Map<string, string>, entry: SeedEntry): string {
  const reference = resolved.get(entry.fullUrl);
  if (!reference) throw new SeedError(`the server gave no id for ${entry.identifier.system}|${entry.identifier.value}`);
  return reference;
}

async function accessToken(options: SeedOptions): Promise<string> {
  if (options.token) return options.token;
  const issuer = (options.oidcIssuer ?? (process.env.OIDC_ISSUER || DEFAULT_OIDC_ISSUER)).replace(/\/$/, '');
  try {
    return await fetchDemoToken(issuer, SEED_CLIENT);
  } catch (error) {
    throw new SeedError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

export async function seedDirectory(options: SeedOptions = {}): Promise<SeedSummary> {
  const started = Date.now();
  const fhirBaseUrl = (options.fhirBaseUrl ?? (process.env.FHIR_BASE_URL || DEFAULT_FHIR_BASE_URL)).replace(/\/$/, '');
  const seed = options.seed ?? DEFAULT_DIRECTORY_OPTIONS.seed;

  let directory: ReturnType<typeof buildBergenDirectory>;
  let patients: ReturnType<typeof buildSyntheticPatients>;
  try {
    directory = buildBergenDirectory({
      offices: options.offices ?? DEFAULT_DIRECTORY_OPTIONS.offices,
      gps: options.gps ?? DEFAULT_DIRECTORY_OPTIONS.gps,
      seed,
    });
    patients = buildSyntheticPatients({ patients: options.patients ?? DEFAULT_PATIENT_OPTIONS.patients, seed }, directory.gps);
  } catch (error) {
    throw new SeedError(error instanceof Error ? error.message : String(error), { cause: error });
  }

  const token = await accessToken(options);
  // Each group travels in one Bundle; a group only points at itself and at groups before it.
  const groups: SeedEntry[][] = [
    ...directoryGroups(directory),
    // After the roles they belong to; writing one makes Bro generate its free Slots for the weeks ahead.
    ...buildConsultationSchedules(directory, seed).map((schedule) => [schedule]),
    ...patients.map((patient) => [patient.entry]),
  ];
  const { counts, resolved } = await uploadInTransactions(groups, {
    fhirBaseUrl,
    token,
    bundleSize: options.bundleSize,
    concurrency: options.concurrency,
    onProgress: options.onProgress,
  });

  const demoOrganizations: Record<string, string> = {};
  for (const org of directory.organizations) {
    if (org.demo) demoOrganizations[org.key] = resolvedReference(resolved, org.entry);
  }
  const demoPractitionerRoles: Record<string, string> = {};
  for (const person of directory.practitioners) {
    if (person.demoUser) demoPractitionerRoles[person.demoUser] = resolvedReference(resolved, person.roles[0]);
  }
  const totals = Object.values(counts);
  return {
    counts,
    created: totals.reduce((sum, count) => sum + count.created, 0),
    existing: totals.reduce((sum, count) => sum + count.existing, 0),
    elapsedMs: Date.now() - started,
    references: {
      demoOrganizations,
      demoPractitionerRoles,
      lowThresholdService: resolvedReference(resolved, directory.healthcareServices[0]),
    },
  };
}
