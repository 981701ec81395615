/**
 * Synthetic patients for the Bergen directory: valid synthetic fødselsnummer (a few D-nummer), a
 * population skewed old the way a GP's list is, an address in Bergen and a GP on whose list they
 * are. Pure: the same seed and directory give the same patients.
 */
import { IdentifierSystem, generateDNummer, generateFodselsnummer } from '@app/fhir';
import { BERGEN_DISTRICTS, BergenDistrict } from './bergen-places';
import { GpListing, gpReference } from './bergen-directory';
import {
  FEMALE_GIVEN_NAMES,
  FOREIGN_FEMALE_GIVEN_NAMES,
  FOREIGN_MALE_GIVEN_NAMES,
  FOREIGN_SURNAMES,
  MALE_GIVEN_NAMES,
  SURNAMES,
} from './norwegian-names';
import { SeedEntry, seedEntry } from './seed-entry';
import { SeededRandom } from './seeded-random';

export interface PatientOptions {
  patients: number;
  seed: number;
}

export const DEFAULT_PATIENT_OPTIONS: PatientOptions = { patients: 3000, seed: 42 };

/** Ages count from a fixed date, not today: a re-seed next year must make the same fødselsnummer. */
export const AGE_REFERENCE_DATE = Date.UTC(2026, 0, 1);

/** The demo GPs' lists are long enough for an inbox, a board and a multidose list worth showing. */
export const DEMO_GP_MIN_PATIENTS = 40;
const DEMO_GP_RESERVED_PATIENTS = 45;
export const SHARE_WITHOUT_GP = 0.02;
export const SHARE_D_NUMMER = 0.03;

/** Age bands and their shares: a third 67 or older, as on a Bergen GP's list with many elderly. */
const AGE_BANDS: ReadonlyArray<{ min: number; max: number; share: number }> = [
  { min: 0, max: 17, share: 0.17 },
  { min: 18, max: 44, share: 0.27 },
  { min: 45, max: 66, share: 0.23 },
  { min: 67, max: 79, share: 0.21 },
  { min: 80, max: 99, share: 0.12 },
];

export interface SyntheticPatient {
  entry: SeedEntry;
  /** Undefined for the patients without a GP. */
  gp?: GpListing;
  identifierSystem: string;
  identifierValue: string;
}

function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function birthDateAtAge(age: number, random: SeededRandom): Date {
  const reference = new Date(AGE_REFERENCE_DATE);
  const birthday = Date.UTC(reference.getUTCFullYear() - age - 1, reference.getUTCMonth(), reference.getUTCDate());
  return new Date(birthday + random.int(1, 365) * 86_400_000);
}

/** The ninth digit of a fødselsnummer or D-nummer is odd for men and even for women. */
function genderOfNumber(number: string): 'male' | 'female' {
  return Number(number[8]) % 2 === 1 ? 'male' : 'female';
}

/**
 * Who is on which list: the demo GPs first get their reserved patients, 2 % get no GP, the rest
 * are spread over all GPs with a list size that varies from GP to GP. Shuffled, so the demo GPs'
 * patients are not the first ones loaded.
 */
function assignGps(total: number, gps: GpListing[], random: SeededRandom): Array<GpListing | undefined> {
  const withoutGp = Math.max(total >= 10 ? 1 : 0, Math.round(total * SHARE_WITHOUT_GP));
  const demoGps = gps.filter((gp) => gp.demoUser);
  const reserved = demoGps.length ? Math.min(DEMO_GP_RESERVED_PATIENTS, Math.floor((total - withoutGp) / demoGps.length)) : 0;
  const assignments: Array<GpListing | undefined> = [];
  for (const gp of demoGps) for (let n = 0; n < reserved; n++) assignments.push(gp);
  for (let n = 0; n < withoutGp && assignments.length < total; n++) assignments.push(undefined);
  const weights = gps.map(() => 0.3 + 1.4 * random.next());
  while (assignments.length < total) assignments.push(gps.length ? gps[random.weightedIndex(weights)] : undefined);
  return random.shuffle(assignments);
}

export function buildSyntheticPatients(options: PatientOptions, gps: GpListing[]): SyntheticPatient[] {
  if (!Number.isInteger(options.patients) || options.patients < 0) throw new Error('--patients must be a whole number, 0 or more');
  const root = new SeededRandom(options.seed);
  const random = root.fork('patients');
  const assignments = assignGps(options.patients, gps, root.fork('patient-gps'));
  const taken = new Set<string>();
  const bandWeights = AGE_BANDS.map((band) => band.share);

  return assignments.map((gp) => {
    const dNummer = random.chance(SHARE_D_NUMMER);
    // D-nummer holders are mostly people who came to Bergen to work.
    const band = dNummer ? { min: 20, max: 64 } : AGE_BANDS[random.weightedIndex(bandWeights)];
    const system = dNummer ? IdentifierSystem.DNummer : IdentifierSystem.Fodselsnummer;
    let birthDate: Date;
    let number: string;
    do {
      birthDate = birthDateAtAge(random.int(band.min, band.max), random);
      number = dNummer ? generateDNummer(birthDate, random.next) : generateFodselsnummer(birthDate, random.next);
    } while (taken.has(number));
    taken.add(number);

    const gender = genderOfNumber(number);
    const givenNames =
      gender === 'female' ? (dNummer ? FOREIGN_FEMALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES) : dNummer ? FOREIGN_MALE_GIVEN_NAMES : MALE_GIVEN_NAMES;
    const given = [random.pick(givenNames)];
    if (!dNummer && random.chance(0.15)) {
      const second = random.pick(givenNames);
      if (second !== given[0]) given.push(second);
    }
    const family = random.pick(dNummer ? FOREIGN_SURNAMES : SURNAMES);
    // Most people have a GP near home.
    const district: BergenDistrict = gp?.office.district && random.chance(0.8) ? gp.office.district : random.pick(BERGEN_DISTRICTS);
    const line = `${random.pick(district.streets)} ${random.int(1, 120)}${random.chance(0.2) ? random.pick(['A', 'B', 'C']) : ''}`;

    const entry = seedEntry(
      {
        resourceType: 'Patient',
        identifier: [{ use: 'official', system, value: number }],
        active: true,
        name: [{ use: 'official', family, given }],
        gender,
        birthDate: formatDate(birthDate),
        address: [{ use: 'home', type: 'physical', line: [line], city: 'Bergen', postalCode: district.postalCode, country: 'NO' }],
        ...(gp ? { generalPractitioner: [gpReference(gp)] } : {}),
      },
      { system, value: number },
    );
    return { entry, gp, identifierSystem: system, identifierValue: number };
  });
}
