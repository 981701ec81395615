/**
 * The synthetic Bergen directory: the municipality, the two hospitals and their units, GP offices,
 * GPs, hospital doctors and the low-threshold service, as FHIR R4 resources ready for conditional
 * create. Pure: the same seed and demo identities give the same resources, byte for byte.
 */
import { IdentifierSystem, Identifier, MUNICIPAL_SERVICE_TYPE_DISPLAY, MUNICIPAL_SERVICE_TYPE_SYSTEM, MunicipalServiceType, Reference, generateOrganisasjonsnummer, withOfficeCapability } from '@app/fhir';
import demoUsersJson from '../identity-provider/demo-users.json';
import { BERGEN_DISTRICTS, BergenBorough, BergenDistrict, GP_OFFICE_SUFFIXES, districtNamed } from './bergen-places';
import { buildCollaborationSeed } from './collaboration-directory.seed';
import {
  HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM,
  LOW_THRESHOLD_SERVICE_ID,
  LOW_THRESHOLD_SERVICE_NAME,
  ORGANIZATION_TYPE_DISPLAY,
  ORGANIZATION_TYPE_SYSTEM,
  OrganizationTypeCode,
  PRACTITIONER_ROLE_CODE_SYSTEM,
  PRACTITIONER_ROLE_DISPLAY,
  PRACTITIONER_ROLE_IDENTIFIER_SYSTEM,
  PractitionerRoleCode,
} from './directory-codes';
import { FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, SURNAMES, genderOfGivenName, splitFullName } from './norwegian-names';
import { DemoOfficeKind, osloToday, seededOfficeCapability } from './office-capability.seed';
import { SeedEntry, referenceTo, seedEntry } from './seed-entry';
import { SeededRandom } from './seeded-random';

export interface DemoOrganization {
  name: string;
  orgnr?: string;
  herId?: string;
  reshId?: string;
  partOf?: string;
}

export interface DemoUser {
  name: string;
  role: string;
  hpr?: string;
  organization: string;
}

export interface DemoIdentities {
  organizations: Record<string, DemoOrganization>;
  users: Record<string, DemoUser>;
}

/** demo-users.json: the identities login tokens carry, so the directory must hold exactly them. */
export const DEMO_IDENTITIES: DemoIdentities = demoUsersJson as DemoIdentities;

export interface DirectoryOptions {
  /** GP offices in all, the demo offices included. */
  offices: number;
  /** GPs (fastleger) in all, the demo GPs included. */
  gps: number;
  seed: number;
  /** The day (YYYY-MM-DD, Europe/Oslo) the offices' e-multidose capability dates count back from; today by default. */
  today?: string;
}

export const DEFAULT_DIRECTORY_OPTIONS: DirectoryOptions = { offices: 50, gps: 271, seed: 42 };

export interface DirectoryOrganization {
  /** The demo-users.json key for demo organisations, else a generated one (`gp-office-7`, `unit-4201002`). */
  key: string;
  /** One of demo-users.json's organisations (logins carry its numbers). */
  demo: boolean;
  type: OrganizationTypeCode;
  entry: SeedEntry;
  name: string;
  orgnr?: string;
  herId?: string;
  reshId?: string;
  district?: BergenDistrict;
}

export interface DirectoryPractitioner {
  hpr: string;
  name: string;
  /** The demo-users.json key when this is a demo user. */
  demoUser?: string;
  practitioner: SeedEntry;
  roles: SeedEntry[];
}

/** A GP's place on the list: what the patient generator needs to give patients a GP. */
export interface GpListing {
  hpr: string;
  name: string;
  demoUser?: string;
  role: SeedEntry;
  office: DirectoryOrganization;
}

export interface BergenDirectory {
  /** Parents before children, so a partOf always points backwards. */
  organizations: DirectoryOrganization[];
  /** The low-threshold service first, then the municipal services of every type in every borough. */
  healthcareServices: SeedEntry[];
  /** HER addresses (Endpoints), keyed by the fullUrl of the entry whose address each is: loaded with that entry. */
  endpoints: Record<string, SeedEntry>;
  practitioners: DirectoryPractitioner[];
  gps: GpListing[];
}

/** Which demo organisation is which, so generated units hang under the right hospital. */
const DEMO_ORGANIZATION_TYPES: Record<string, OrganizationTypeCode> = {
  gpOfficeSentrum: OrganizationTypeCode.GpOffice,
  gpOfficeAsane: OrganizationTypeCode.GpOffice,
  haukeland: OrganizationTypeCode.Hospital,
  haukelandMedisinsk: OrganizationTypeCode.HospitalUnit,
  haraldsplass: OrganizationTypeCode.Hospital,
  bergenKommune: OrganizationTypeCode.Municipality,
  lavterskel: OrganizationTypeCode.LowThresholdService,
  apotekSentrum: OrganizationTypeCode.Pharmacy,
};

/** Units generated beside the demo unit (Medisinsk avdeling, Haukeland). Names follow the demo's "<unit>, <hospital>". */
const HOSPITAL_UNITS: Record<string, string[]> = {
  haukeland: [
    'Kirurgisk avdeling',
    'Hjerteavdelingen',
    'Nevrologisk avdeling',
    'Ortopedisk avdeling',
    'Lungeavdelingen',
    'Kreftavdelingen',
    'Barne- og ungdomsklinikken',
    'Psykiatrisk divisjon',
    'Akuttmottaket',
  ],
  haraldsplass: ['Medisinsk avdeling', 'Kirurgisk avdeling', 'Geriatrisk avdeling', 'Akuttmottaket'],
};

/** First RESH id of each hospital's generated units; the demo unit's id is skipped where it falls in. */
const RESH_RANGE_START: Record<string, number> = { haukeland: 4201002, haraldsplass: 4202001 };

const HOSPITAL_DOCTORS_PER_UNIT = 3;

interface StreetAddress {
  line: string;
  postalCode: string;
  /** The bydel: the directory's district. */
  district: BergenBorough;
}

const ADDRESSES: Record<string, StreetAddress> = {
  haukeland: { line: 'Jonas Lies vei 65', postalCode: '5021', district: 'Årstad' },
  haraldsplass: { line: 'Ulriksdal 8', postalCode: '5009', district: 'Årstad' },
  bergenKommune: { line: 'Rådhusgaten 10', postalCode: '5014', district: 'Bergenhus' },
  lavterskel: { line: 'Kong Oscars gate 62', postalCode: '5017', district: 'Bergenhus' },
};

/** Hands out unique identifiers, refusing the demo ones so generated data never collides with a login. */
class UniqueValues {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string | undefined>) {
    for (const value of reserved) if (value) this.taken.add(value);
  }

  draw(generate: () => string): string {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const value = generate();
      if (!this.taken.has(value)) {
        this.taken.add(value);
        return value;
      }
    }
    throw new Error('ran out of unique identifier values');
  }
}

function coding(system: string, code: string, display: string) {
  return { coding: [{ system, code, display }] };
}

function bergenAddress({ line, postalCode, district }: StreetAddress) {
  return { use: 'work', type: 'both', line: [line], city: 'Bergen', district, postalCode, country: 'NO' };
}

function phone(random: SeededRandom): string {
  return `+47 55 ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)}`;
}

function organizationEntry(org: {
  type: OrganizationTypeCode;
  name: string;
  orgnr?: string;
  herId?: string;
  reshId?: string;
  partOf?: DirectoryOrganization;
  address?: StreetAddress;
  phone?: string;
}): SeedEntry {
  const identifier: Identifier[] = [];
  if (org.orgnr) identifier.push({ use: 'official', system: IdentifierSystem.Organisasjonsnummer, value: org.orgnr });
  if (org.reshId) identifier.push({ system: IdentifierSystem.Resh, value: org.reshId });
  if (org.herId) identifier.push({ system: IdentifierSystem.Her, value: org.herId });
  const primary = identifier[0];
  if (!primary) throw new Error(`organisation ${org.name} has neither an organisasjonsnummer nor a RESH id`);
  return seedEntry(
    {
      resourceType: 'Organization',
      identifier,
      active: true,
      type: [coding(ORGANIZATION_TYPE_SYSTEM, org.type, ORGANIZATION_TYPE_DISPLAY[org.type])],
      name: org.name,
      ...(org.phone ? { telecom: [{ system: 'phone', value: org.phone, use: 'work' }] } : {}),
      ...(org.address ? { address: [bergenAddress(org.address)] } : {}),
      ...(org.partOf ? { partOf: referenceTo(org.partOf.entry, org.partOf.name) } : {}),
    },
    { system: primary.system!, value: primary.value! },
  );
}

function practitionerEntry(hpr: string, given: string[], family: string, gender: string): SeedEntry {
  return seedEntry(
    {
      resourceType: 'Practitioner',
      identifier: [{ use: 'official', system: IdentifierSystem.Hpr, value: hpr }],
      active: true,
      name: [{ use: 'official', family, given }],
      gender,
    },
    { system: IdentifierSystem.Hpr, value: hpr },
  );
}

/** The organisation part of a role's identifier: its orgnr, or its RESH id for a unit without one. */
function organizationKeyOf(org: DirectoryOrganization): string {
  const key = org.orgnr ?? org.reshId;
  if (!key) throw new Error(`organisation ${org.name} has no orgnr or RESH id`);
  return key;
}

function practitionerRoleEntry(
  practitioner: SeedEntry,
  practitionerName: string,
  hpr: string,
  org: DirectoryOrganization,
  code: PractitionerRoleCode,
): SeedEntry {
  const value = `${hpr}@${organizationKeyOf(org)}`;
  return seedEntry(
    {
      resourceType: 'PractitionerRole',
      identifier: [{ system: PRACTITIONER_ROLE_IDENTIFIER_SYSTEM, value }],
      active: true,
      practitioner: referenceTo(practitioner, practitionerName),
      organization: referenceTo(org.entry, org.name),
      code: [coding(PRACTITIONER_ROLE_CODE_SYSTEM, code, PRACTITIONER_ROLE_DISPLAY[code])],
    },
    { system: PRACTITIONER_ROLE_IDENTIFIER_SYSTEM, value },
  );
}

function roleCodeOfDemoUser(user: DemoUser, key: string): PractitionerRoleCode {
  if (user.role === 'gp') return PractitionerRoleCode.Gp;
  if (user.role === 'coordinator') return PractitionerRoleCode.DischargeCoordinator;
  throw new Error(`demo user ${key} has an HPR number but role "${user.role}", which the seed does not know how to place`);
}

/** "Sentrum legesenter" → Sentrum: demo offices sit in the district they are named after. */
function districtOfOfficeName(name: string): BergenDistrict {
  return BERGEN_DISTRICTS.find((district) => name.startsWith(`${district.name} `)) ?? districtNamed('Sentrum');
}

/**
 * Office names after their district, one round over all districts before any district gets a
 * second office, numbered once every district–suffix pair is used.
 */
function officeNames(count: number, taken: Set<string>, random: SeededRandom): Array<{ name: string; district: BergenDistrict }> {
  const districts = random.shuffle([...BERGEN_DISTRICTS]);
  const names: Array<{ name: string; district: BergenDistrict }> = [];
  for (let round = 0; names.length < count; round++) {
    for (let i = 0; i < districts.length && names.length < count; i++) {
      const district = districts[i];
      const suffix = GP_OFFICE_SUFFIXES[(round + i) % GP_OFFICE_SUFFIXES.length];
      const cycle = Math.floor(round / GP_OFFICE_SUFFIXES.length);
      const name = `${district.name} ${suffix}${cycle > 0 ? ` ${cycle + 1}` : ''}`;
      if (taken.has(name)) continue;
      taken.add(name);
      names.push({ name, district });
    }
  }
  return names;
}

function syntheticPerson(random: SeededRandom): { given: string[]; family: string; gender: 'female' | 'male' } {
  const gender = random.chance(0.5) ? 'female' : 'male';
  const given = [random.pick(gender === 'female' ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES)];
  return { given, family: random.pick(SURNAMES), gender };
}

/** How many of `total` GPs each office gets: at least one where possible, the rest by a random office size. */
function gpsPerOffice(total: number, alreadyPlaced: number[], random: SeededRandom): number[] {
  const counts = [...alreadyPlaced];
  let left = total - counts.reduce((sum, n) => sum + n, 0);
  for (let i = 0; i < counts.length && left > 0; i++) {
    if (counts[i] === 0) {
      counts[i] = 1;
      left--;
    }
  }
  const weights = counts.map(() => 0.5 + random.next());
  while (left-- > 0) counts[random.weightedIndex(weights)]++;
  return counts;
}

export function buildBergenDirectory(options: DirectoryOptions, demo: DemoIdentities = DEMO_IDENTITIES): BergenDirectory {
  const demoGps = Object.entries(demo.users).filter(([, user]) => user.role === 'gp' && user.hpr);
  const demoOfficeKeys = Object.entries(DEMO_ORGANIZATION_TYPES)
    .filter(([key, type]) => type === OrganizationTypeCode.GpOffice && demo.organizations[key])
    .map(([key]) => key);
  if (!Number.isInteger(options.offices) || options.offices < demoOfficeKeys.length) {
    throw new Error(`--offices must be a whole number of at least ${demoOfficeKeys.length} (the demo GP offices)`);
  }
  if (!Number.isInteger(options.gps) || options.gps < demoGps.length) {
    throw new Error(`--gps must be a whole number of at least ${demoGps.length} (the demo GPs)`);
  }

  const root = new SeededRandom(options.seed);
  const orgRandom = root.fork('organizations');
  const gpRandom = root.fork('gps');
  const doctorRandom = root.fork('hospital-doctors');
  const demoOrgs = Object.values(demo.organizations);
  const orgnrs = new UniqueValues(demoOrgs.map((org) => org.orgnr));
  const herIds = new UniqueValues(demoOrgs.map((org) => org.herId));
  const reshIds = new UniqueValues(demoOrgs.map((org) => org.reshId));
  const hprs = new UniqueValues(Object.values(demo.users).map((user) => user.hpr));

  const organizations: DirectoryOrganization[] = [];
  const byKey = new Map<string, DirectoryOrganization>();
  const addOrganization = (org: Omit<DirectoryOrganization, 'entry'>, extra: { partOf?: string; address?: StreetAddress }) => {
    const parent = extra.partOf ? byKey.get(extra.partOf) : undefined;
    if (extra.partOf && !parent) throw new Error(`organisation ${org.key} is part of ${extra.partOf}, which comes later or does not exist`);
    const entry = organizationEntry({ ...org, partOf: parent, address: extra.address, phone: phone(orgRandom) });
    const added = { ...org, entry };
    organizations.push(added);
    byKey.set(org.key, added);
    return added;
  };

  // Demo organisations, parents first.
  const pending = Object.entries(demo.organizations);
  for (const [key] of pending) {
    if (!DEMO_ORGANIZATION_TYPES[key]) throw new Error(`demo-users.json has organisation "${key}", which the seed does not know how to place`);
  }
  while (pending.length > 0) {
    const index = pending.findIndex(([, org]) => !org.partOf || byKey.has(org.partOf));
    if (index < 0) throw new Error(`demo-users.json: partOf of ${pending.map(([key]) => key).join(', ')} points nowhere`);
    const [[key, org]] = pending.splice(index, 1);
    const type = DEMO_ORGANIZATION_TYPES[key];
    const parentKey = org.partOf;
    const district = type === OrganizationTypeCode.GpOffice ? districtOfOfficeName(org.name) : undefined;
    const address =
      ADDRESSES[key] ??
      (parentKey ? ADDRESSES[parentKey] : undefined) ??
      (district ? { line: `${district.streets[0]} ${orgRandom.int(1, 60)}`, postalCode: district.postalCode, district: district.borough } : undefined);
    addOrganization(
      { key, demo: true, type, name: org.name, orgnr: org.orgnr, herId: org.herId, reshId: org.reshId, district },
      { partOf: parentKey, address },
    );
  }

  // Hospital units beside the demo one.
  for (const [hospitalKey, unitNames] of Object.entries(HOSPITAL_UNITS)) {
    const hospital = byKey.get(hospitalKey);
    if (!hospital) throw new Error(`demo-users.json lacks the hospital "${hospitalKey}"`);
    const shortName = hospital.name.split(' ')[0];
    let nextResh = RESH_RANGE_START[hospitalKey];
    for (const unitName of unitNames) {
      const name = `${unitName}, ${shortName}`;
      if (organizations.some((org) => org.name === name)) continue;
      const reshId = reshIds.draw(() => String(nextResh++));
      addOrganization(
        { key: `unit-${reshId}`, demo: false, type: OrganizationTypeCode.HospitalUnit, name, reshId },
        { partOf: hospitalKey, address: ADDRESSES[hospitalKey] },
      );
    }
  }

  // GP offices: the demo offices, then generated ones.
  const takenNames = new Set(organizations.map((org) => org.name));
  const offices = organizations.filter((org) => org.type === OrganizationTypeCode.GpOffice);
  for (const [i, { name, district }] of officeNames(options.offices - offices.length, takenNames, orgRandom).entries()) {
    const office = addOrganization(
      {
        key: `gp-office-${i + 1}`,
        demo: false,
        type: OrganizationTypeCode.GpOffice,
        name,
        orgnr: orgnrs.draw(() => generateOrganisasjonsnummer(orgRandom.next)),
        herId: herIds.draw(() => `8${orgRandom.digits(6)}`),
        district,
      },
      { address: { line: `${orgRandom.pick(district.streets)} ${orgRandom.int(1, 80)}`, postalCode: district.postalCode, district: district.borough } },
    );
    offices.push(office);
  }

  // Each GP office's e-multidose capability (PLL, e-multidose, EPJ system), from a stream of its own so the rest stays as it was.
  const capabilityRandom = root.fork('office-capability');
  const today = options.today ?? osloToday();
  const DEMO_OFFICE_KINDS: Record<string, DemoOfficeKind> = { gpOfficeSentrum: 'connected', gpOfficeAsane: 'pll-only' };
  for (const office of offices) {
    const capability = seededOfficeCapability(capabilityRandom, DEMO_OFFICE_KINDS[office.key] ?? 'generated', today);
    office.entry.resource = withOfficeCapability(office.entry.resource, capability);
  }

  const lowThresholdOrg = organizations.find((org) => org.type === OrganizationTypeCode.LowThresholdService);
  if (!lowThresholdOrg) throw new Error('demo-users.json lacks the low-threshold service organisation');
  const healthcareServices: SeedEntry[] = [
    seedEntry(
      {
        resourceType: 'HealthcareService',
        identifier: [{ system: HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM, value: LOW_THRESHOLD_SERVICE_ID }],
        active: true,
        providedBy: referenceTo(lowThresholdOrg.entry, lowThresholdOrg.name),
        type: [
          coding(ORGANIZATION_TYPE_SYSTEM, OrganizationTypeCode.LowThresholdService, ORGANIZATION_TYPE_DISPLAY[OrganizationTypeCode.LowThresholdService]),
          coding(MUNICIPAL_SERVICE_TYPE_SYSTEM, MunicipalServiceType.LowThreshold, MUNICIPAL_SERVICE_TYPE_DISPLAY[MunicipalServiceType.LowThreshold]),
        ],
        name: LOW_THRESHOLD_SERVICE_NAME,
      },
      { system: HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM, value: LOW_THRESHOLD_SERVICE_ID },
    ),
  ];

  const practitioners: DirectoryPractitioner[] = [];
  const gps: GpListing[] = [];
  const addPerson = (
    person: { hpr: string; given: string[]; family: string; gender: string; demoUser?: string },
    org: DirectoryOrganization,
    code: PractitionerRoleCode,
  ) => {
    const name = [...person.given, person.family].join(' ');
    const practitioner = practitionerEntry(person.hpr, person.given, person.family, person.gender);
    const role = practitionerRoleEntry(practitioner, name, person.hpr, org, code);
    practitioners.push({ hpr: person.hpr, name, demoUser: person.demoUser, practitioner, roles: [role] });
    if (code === PractitionerRoleCode.Gp) gps.push({ hpr: person.hpr, name, demoUser: person.demoUser, role, office: org });
  };

  // Demo users with an HPR number: the GPs and the discharge coordinator.
  for (const [key, user] of Object.entries(demo.users)) {
    if (!user.hpr) continue;
    const org = byKey.get(user.organization);
    if (!org) throw new Error(`demo user ${key} works at "${user.organization}", which demo-users.json does not define`);
    const { given, family } = splitFullName(user.name);
    addPerson({ hpr: user.hpr, given, family, gender: genderOfGivenName(given[0]), demoUser: key }, org, roleCodeOfDemoUser(user, key));
  }

  // The other GPs, spread over the offices.
  const placed = offices.map((office) => gps.filter((gp) => gp.office === office).length);
  const perOffice = gpsPerOffice(options.gps, placed, gpRandom);
  offices.forEach((office, i) => {
    for (let n = placed[i]; n < perOffice[i]; n++) {
      const hpr = hprs.draw(() => gpRandom.digits(gpRandom.int(7, 9)));
      addPerson({ hpr, ...syntheticPerson(gpRandom) }, office, PractitionerRoleCode.Gp);
    }
  });

  // A few hospital doctors per unit, who propose joint consultations and sign hand-overs.
  for (const unit of organizations.filter((org) => org.type === OrganizationTypeCode.HospitalUnit)) {
    for (let n = 0; n < HOSPITAL_DOCTORS_PER_UNIT; n++) {
      const hpr = hprs.draw(() => doctorRandom.digits(doctorRandom.int(7, 9)));
      addPerson({ hpr, ...syntheticPerson(doctorRandom) }, unit, PractitionerRoleCode.HospitalDoctor);
    }
  }

  // Who to call and how: addresses, opening hours, the municipal services, and who is on duty at the units.
  const herRandom = root.fork('collaboration-her');
  const collaboration = buildCollaborationSeed({
    organizations,
    municipality: byKey.get('bergenKommune')!,
    units: organizations
      .filter((org) => org.type === OrganizationTypeCode.HospitalUnit && org.reshId)
      .map((unit) => ({
        unit,
        reshId: unit.reshId!,
        doctors: practitioners.filter((person) => !person.demoUser && person.roles.some((role) => role.resource.organization && (role.resource.organization as Reference).reference === unit.entry.fullUrl)),
      })),
    random: root.fork('collaboration'),
    today,
    drawHerId: () => herIds.draw(() => `8${herRandom.digits(6)}`),
  });
  healthcareServices.push(...collaboration.services);
  for (const person of practitioners) person.roles.push(...(collaboration.duties[person.hpr] ?? []));

  return { organizations, healthcareServices, endpoints: collaboration.endpoints, practitioners, gps };
}

/** An entry and its HER address: they travel in one Bundle (each names the other). */
function withItsEndpoint(directory: BergenDirectory, entry: SeedEntry): SeedEntry[] {
  const endpoint = directory.endpoints[entry.fullUrl];
  return endpoint ? [entry, endpoint] : [entry];
}

/** The directory's upload groups, in order: each group only points at itself and at groups before it. */
export function directoryGroups(directory: BergenDirectory): SeedEntry[][] {
  return [
    ...directory.organizations.map((org) => withItsEndpoint(directory, org.entry)),
    ...directory.healthcareServices.map((service) => withItsEndpoint(directory, service)),
    ...directory.practitioners.map((person) => [person.practitioner, ...person.roles]),
  ];
}

/** The reference a patient's generalPractitioner carries for a GP listing. */
export function gpReference(gp: GpListing): Reference {
  return referenceTo(gp.role, `${gp.name}, ${gp.office.name}`);
}
