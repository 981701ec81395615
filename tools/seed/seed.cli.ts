/**
 * `npm run seed [-- --offices 50 --gps 271 --patients 3000 --seed 42 --token <jwt>] [--national]`: loads the
 * synthetic Bergen directory and patients into a running Bro. Running it twice creates nothing new.
 * `--national` then bulk-loads a national-size directory (about 5,000 organisations, 2,000 services and
 * 30,000 people in their roles) straight into the database (DATABASE_URL), as benchmarks load their data.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DIRECTORY_OPTIONS } from './bergen-directory';
import { DEFAULT_PATIENT_OPTIONS } from './synthetic-patients';
import { MULTIDOSE_DEMO_GP, seedMultidoseEpisodes } from './multidose-episodes.seed';
import { DEFAULT_FHIR_BASE_URL, DEFAULT_OIDC_ISSUER, SeedOptions, SeedSummary, UploadProgress, seedDirectory } from './seed';
import { seedRoutingRules } from './routing-rules.seed';
import { osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { loadNationalDirectory } from './national-directory.loader';

const USAGE = `usage: npm run seed -- [--offices N] [--gps N] [--patients N] [--seed N] [--token JWT] [--bundle-size N] [--concurrency N] [--national]
  defaults: --offices ${DEFAULT_DIRECTORY_OPTIONS.offices} --gps ${DEFAULT_DIRECTORY_OPTIONS.gps} --patients ${DEFAULT_PATIENT_OPTIONS.patients} --seed ${DEFAULT_DIRECTORY_OPTIONS.seed} --bundle-size 200 --concurrency 2
  --national: also a national-size directory (≈ 5,000 organisations, 2,000 services, 30,000 roles), written straight into DATABASE_URL
  environment: FHIR_BASE_URL (default http://localhost:3000/fhir/R4), OIDC_ISSUER (default http://localhost:4000), DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bro)`;

/** What progress lines call each resource type. */
const LABELS: Record<string, string> = {
  Organization: 'organizations',
  HealthcareService: 'healthcare services',
  Practitioner: 'practitioners',
  PractitionerRole: 'practitioner roles',
  Patient: 'patients',
};

class UsageError extends Error {}

function wholeNumber(raw: string | undefined, flag: string, min: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new UsageError(`--${flag} takes a whole number of at least ${min}, got "${raw}"`);
  return Number(raw);
}

type CliOptions = SeedOptions & { national?: boolean };

function parseOptions(argv: string[]): CliOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        offices: { type: 'string' },
        gps: { type: 'string' },
        patients: { type: 'string' },
        seed: { type: 'string' },
        token: { type: 'string' },
        'bundle-size': { type: 'string' },
        concurrency: { type: 'string' },
        national: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  if (values.token !== undefined && values.token.trim() === '') throw new UsageError('--token is empty');
  return {
    offices: wholeNumber(values.offices, 'offices', 2),
    gps: wholeNumber(values.gps, 'gps', 2),
    patients: wholeNumber(values.patients, 'patients', 0),
    seed: wholeNumber(values.seed, 'seed', 0),
    token: values.token?.trim(),
    bundleSize: wholeNumber(values['bundle-size'], 'bundle-size', 1),
    concurrency: wholeNumber(values.concurrency, 'concurrency', 1),
    national: values.national ?? false,
  };
}

function printProgress({ types, counts }: UploadProgress): void {
  const parts = types.map((type) => {
    const { created, existing, total } = counts[type];
    return `${LABELS[type] ?? type} ${created + existing}/${total}`;
  });
  console.log(`seed: ${parts.join(', ')}`);
}

function printSummary(summary: SeedSummary): void {
  const header = ['resource', 'created', 'already present', 'total'];
  const rows = Object.entries(summary.counts).map(([type, count]) => [type, count.created, count.existing, count.total]);
  rows.push(['all', summary.created, summary.existing, summary.created + summary.existing]);
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log('');
  console.log(line(cells[0]));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of cells.slice(1)) console.log(line(row));
  console.log(`\nseed: done in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const summary = await seedDirectory({ ...options, onProgress: printProgress });
  printSummary(summary);
  await seedDefaultRoutingRules(options, summary);
  await seedDemoMultidose(options, summary);
  if (options.national) await seedNationalDirectory(options);
}

/** The national-size directory, bulk-loaded beside the Bergen one. */
async function seedNationalDirectory(options: CliOptions): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/bro';
  console.log(`seed: national directory into ${new URL(databaseUrl).pathname.slice(1)} (bulk, straight into the database)`);
  const loaded = await loadNationalDirectory(databaseUrl, {
    seed: options.seed ?? DEFAULT_DIRECTORY_OPTIONS.seed,
    today: osloDate(new Date()),
    baseUrl: options.fhirBaseUrl ?? (process.env.FHIR_BASE_URL || DEFAULT_FHIR_BASE_URL),
    onProgress: (line) => console.log(`seed: ${line}`),
  });
  console.log(`seed: national directory done in ${(loaded.elapsedMs / 1000).toFixed(1)} s; ${loaded.entries.toLocaleString('en')} entries in the directory search`);
}

/** A few of the demo GP's patients on multidose, registered as the demo GP; with a token of your own there is no demo GP to ask. */
async function seedDemoMultidose(options: SeedOptions, summary: SeedSummary): Promise<void> {
  const gpRole = summary.references.demoPractitionerRoles[MULTIDOSE_DEMO_GP];
  if (options.token || !gpRole) {
    console.log('seed: multidose episodes left out (--token given, or no demo GP); a GP registers them over FHIR');
    return;
  }
  const episodes = await seedMultidoseEpisodes({
    fhirBaseUrl: options.fhirBaseUrl ?? (process.env.FHIR_BASE_URL || DEFAULT_FHIR_BASE_URL),
    oidcIssuer: options.oidcIssuer ?? (process.env.OIDC_ISSUER || DEFAULT_OIDC_ISSUER),
    gpRole,
  });
  console.log(`seed: multidose episodes of the demo GP: ${episodes.created} registered, ${episodes.existing} already there`);
}

/** The demo's routing rules, saved as the demo administrator; with a token of your own there is no demo administrator to ask. */
async function seedDefaultRoutingRules(options: SeedOptions, summary: SeedSummary): Promise<void> {
  if (options.token) {
    console.log('seed: routing rules left as they are (--token given); an administrator saves them on the "Rutingsregler" page');
    return;
  }
  const rules = await seedRoutingRules({
    fhirBaseUrl: options.fhirBaseUrl ?? (process.env.FHIR_BASE_URL || DEFAULT_FHIR_BASE_URL),
    oidcIssuer: options.oidcIssuer ?? (process.env.OIDC_ISSUER || DEFAULT_OIDC_ISSUER),
    lowThresholdService: summary.references.lowThresholdService,
  });
  console.log(rules.created ? `seed: routing rules saved as version ${rules.version} (every rejection to the low-threshold service)` : `seed: routing rules already stored (version ${rules.version}), left as they are`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // One line: a SeedError already says what happened and what to do about it.
    console.error(`seed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(1);
  },
);
