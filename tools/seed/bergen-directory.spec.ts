import { IdentifierSystem, Resource, birthDateFromPersonNumber, isValidDNummer, isValidFodselsnummer, isValidOrganisasjonsnummer, validateResource } from '@app/fhir';
import { BergenDirectory, DEFAULT_DIRECTORY_OPTIONS, DEMO_IDENTITIES, buildBergenDirectory, directoryGroups } from './bergen-directory';
import { OrganizationTypeCode, PRACTITIONER_ROLE_CODE_SYSTEM, PractitionerRoleCode } from './directory-codes';
import { planBundles } from './fhir-uploader';
import { SeedEntry } from './seed-entry';
import { AGE_REFERENCE_DATE, DEFAULT_PATIENT_OPTIONS, DEMO_GP_MIN_PATIENTS, SyntheticPatient, buildSyntheticPatients } from './synthetic-patients';

type Identifiers = Array<{ system: string; value: string }>;
type Coded = Array<{ coding: Array<{ system: string; code: string }> }>;

const identifiersOf = (resource: Resource) => (resource.identifier ?? []) as Identifiers;
const valueOf = (resource: Resource, system: string) => identifiersOf(resource).find((id) => id.system === system)?.value;
const codeOf = (resource: Resource, field: 'type' | 'code') => (resource[field] as Coded)[0].coding[0].code;
const referenceOf = (resource: Resource, field: string) => (resource[field] as { reference: string }).reference;

describe('the synthetic Bergen directory', () => {
  let directory: BergenDirectory;
  let patients: SyntheticPatient[];
  let all: SeedEntry[];

  beforeAll(() => {
    directory = buildBergenDirectory(DEFAULT_DIRECTORY_OPTIONS);
    patients = buildSyntheticPatients(DEFAULT_PATIENT_OPTIONS, directory.gps);
    all = [...directoryGroups(directory).flat(), ...patients.map((patient) => patient.entry)];
  });

  const organizationsOfType = (type: OrganizationTypeCode) => directory.organizations.filter((org) => codeOf(org.entry.resource, 'type') === type);
  const rolesWithCode = (code: PractitionerRoleCode) =>
    directory.practitioners.flatMap((person) => person.roles).filter((role) => codeOf(role.resource, 'code') === code);

  it('has the sizes asked for by default: 50 GP offices, 271 GPs, 3000 patients, two hospitals with their units', () => {
    expect(organizationsOfType(OrganizationTypeCode.GpOffice)).toHaveLength(50);
    expect(rolesWithCode(PractitionerRoleCode.Gp)).toHaveLength(271);
    expect(directory.gps).toHaveLength(271);
    expect(patients).toHaveLength(3000);
    expect(organizationsOfType(OrganizationTypeCode.Hospital).map((org) => org.name).sort()).toEqual([
      'Haraldsplass Diakonale Sykehus',
      'Haukeland universitetssjukehus',
    ]);
    expect(organizationsOfType(OrganizationTypeCode.HospitalUnit).filter((unit) => unit.name.endsWith(', Haukeland'))).toHaveLength(10);
    expect(organizationsOfType(OrganizationTypeCode.HospitalUnit).filter((unit) => unit.name.endsWith(', Haraldsplass'))).toHaveLength(4);
    expect(organizationsOfType(OrganizationTypeCode.Municipality).map((org) => org.name)).toEqual(['Bergen kommune']);
    expect(rolesWithCode(PractitionerRoleCode.DischargeCoordinator)).toHaveLength(1);
    expect(rolesWithCode(PractitionerRoleCode.HospitalDoctor).length).toBeGreaterThanOrEqual(14);
  });

  it('follows other sizes', () => {
    const small = buildBergenDirectory({ offices: 3, gps: 7, seed: 1 });
    expect(small.organizations.filter((org) => org.type === OrganizationTypeCode.GpOffice)).toHaveLength(3);
    expect(small.gps).toHaveLength(7);
    // Every office has a GP when there are enough GPs to go round.
    expect(new Set(small.gps.map((gp) => gp.office.key)).size).toBe(3);
    expect(buildSyntheticPatients({ patients: 17, seed: 1 }, small.gps)).toHaveLength(17);
    expect(() => buildBergenDirectory({ offices: 1, gps: 7, seed: 1 })).toThrow(/--offices/);
    expect(() => buildBergenDirectory({ offices: 5, gps: 1, seed: 1 })).toThrow(/--gps/);
  });

  it('contains every demo organisation with exactly its numbers and parent', () => {
    for (const [key, demo] of Object.entries(DEMO_IDENTITIES.organizations)) {
      const org = directory.organizations.find((candidate) => candidate.key === key);
      expect(org).toBeDefined();
      const resource = org!.entry.resource;
      expect(resource.name).toBe(demo.name);
      expect(valueOf(resource, IdentifierSystem.Organisasjonsnummer)).toBe(demo.orgnr);
      expect(valueOf(resource, IdentifierSystem.Her)).toBe(demo.herId);
      expect(valueOf(resource, IdentifierSystem.Resh)).toBe(demo.reshId);
      if (demo.partOf) {
        const parent = directory.organizations.find((candidate) => candidate.key === demo.partOf)!;
        expect(referenceOf(resource, 'partOf')).toBe(parent.entry.fullUrl);
      } else {
        expect(resource.partOf).toBeUndefined();
      }
    }
  });

  it('contains every demo user with an HPR number as a Practitioner with a role at their organisation', () => {
    const withHpr = Object.entries(DEMO_IDENTITIES.users).filter(([, user]) => user.hpr);
    expect(withHpr.map(([key]) => key).sort()).toEqual(['coordinator', 'gp', 'gp2']);
    for (const [key, user] of withHpr) {
      const person = directory.practitioners.find((candidate) => valueOf(candidate.practitioner.resource, IdentifierSystem.Hpr) === user.hpr);
      expect(person?.demoUser).toBe(key);
      expect(person!.practitioner.resource.name).toEqual([expect.objectContaining({ family: user.name.split(' ')[1], given: [user.name.split(' ')[0]] })]);
      const org = directory.organizations.find((candidate) => candidate.key === user.organization)!;
      expect(person!.roles).toHaveLength(1);
      const role = person!.roles[0].resource;
      expect(referenceOf(role, 'practitioner')).toBe(person!.practitioner.fullUrl);
      expect(referenceOf(role, 'organization')).toBe(org.entry.fullUrl);
      expect(role.code).toEqual([
        { coding: [expect.objectContaining({ system: PRACTITIONER_ROLE_CODE_SYSTEM, code: user.role === 'gp' ? 'gp' : 'discharge-coordinator' })] },
      ]);
      expect(identifiersOf(role)).toEqual([{ system: 'urn:bro:practitioner-role', value: `${user.hpr}@${DEMO_IDENTITIES.organizations[user.organization].orgnr}` }]);
    }
  });

  it('has the low-threshold service, provided by the low-threshold organisation', () => {
    const service = directory.healthcareServices[0].resource;
    expect(service.name).toBe('Lavterskeltilbud for avviste henvisninger');
    expect(identifiersOf(service)).toEqual([{ system: 'urn:bro:healthcare-service', value: 'lavterskel' }]);
    const lavterskel = directory.organizations.find((org) => org.key === 'lavterskel')!;
    expect(lavterskel.type).toBe(OrganizationTypeCode.LowThresholdService);
    expect(referenceOf(service, 'providedBy')).toBe(lavterskel.entry.fullUrl);
  });

  it('makes only resources that pass the validation the API applies', () => {
    const problems = all.flatMap((entry) =>
      validateResource(entry.resource)
        .filter((issue) => issue.severity === 'error')
        .map((issue) => `${entry.identifier.value}: ${issue.expression}: ${issue.diagnostics}`),
    );
    expect(problems).toEqual([]);
  });

  it('gives every resource a business identifier, unique within its system, and a unique fullUrl', () => {
    const seen = new Set<string>();
    for (const entry of all) {
      expect(identifiersOf(entry.resource)).toContainEqual(expect.objectContaining(entry.identifier));
      for (const { system, value } of identifiersOf(entry.resource)) {
        // Unique per type, as the store keeps them: an office and its HER address (Endpoint) share the HER id.
        const key = `${entry.resource.resourceType} ${system}|${value}`;
        expect(seen.has(key) ? key : 'unique').toBe('unique');
        seen.add(key);
      }
    }
    expect(new Set(all.map((entry) => entry.fullUrl)).size).toBe(all.length);
  });

  it('gives GP offices a valid organisasjonsnummer and a HER id, hospital units a RESH id, and GPs 7–9 digit HPR numbers', () => {
    for (const office of organizationsOfType(OrganizationTypeCode.GpOffice)) {
      expect(isValidOrganisasjonsnummer(valueOf(office.entry.resource, IdentifierSystem.Organisasjonsnummer))).toBe(true);
      expect(valueOf(office.entry.resource, IdentifierSystem.Her)).toMatch(/^\d+$/);
    }
    for (const unit of organizationsOfType(OrganizationTypeCode.HospitalUnit)) {
      expect(valueOf(unit.entry.resource, IdentifierSystem.Resh)).toMatch(/^\d+$/);
      expect(unit.entry.resource.partOf).toBeDefined();
    }
    for (const person of directory.practitioners) expect(person.hpr).toMatch(/^\d{7,9}$/);
  });

  it('puts about five GPs in each office', () => {
    const perOffice = new Map<string, number>();
    for (const gp of directory.gps) perOffice.set(gp.office.key, (perOffice.get(gp.office.key) ?? 0) + 1);
    expect(perOffice.size).toBe(50);
    expect(Math.min(...perOffice.values())).toBeGreaterThanOrEqual(1);
    expect(Math.max(...perOffice.values())).toBeLessThanOrEqual(15);
  });

  it('gives every patient a valid synthetic fødselsnummer or D-nummer that matches birth date and gender', () => {
    let dNummer = 0;
    for (const patient of patients) {
      const resource = patient.entry.resource;
      const number = patient.identifierValue;
      if (patient.identifierSystem === IdentifierSystem.DNummer) {
        dNummer++;
        expect(isValidDNummer(number)).toBe(true);
      } else {
        expect(patient.identifierSystem).toBe(IdentifierSystem.Fodselsnummer);
        expect(isValidFodselsnummer(number)).toBe(true);
      }
      expect(birthDateFromPersonNumber(number)).toBe(resource.birthDate);
      expect(resource.gender).toBe(Number(number[8]) % 2 === 1 ? 'male' : 'female');
    }
    expect(dNummer / patients.length).toBeGreaterThan(0.01);
    expect(dNummer / patients.length).toBeLessThan(0.06);
  });

  it('skews patients old (a third 67 or older) and lives them in Bergen', () => {
    const reference = new Date(AGE_REFERENCE_DATE);
    const elderly = patients.filter((patient) => {
      const birth = new Date(`${String(patient.entry.resource.birthDate)}T00:00:00Z`);
      return reference.getUTCFullYear() - birth.getUTCFullYear() - 1 >= 67;
    });
    expect(elderly.length / patients.length).toBeGreaterThan(0.28);
    expect(elderly.length / patients.length).toBeLessThan(0.4);
    for (const patient of patients) {
      expect(patient.entry.resource.address).toEqual([expect.objectContaining({ city: 'Bergen', postalCode: expect.stringMatching(/^5\d{3}$/) })]);
    }
  });

  it('lists about 2 % of patients without a GP and at least 40 on each demo GP list', () => {
    const withoutGp = patients.filter((patient) => !patient.entry.resource.generalPractitioner);
    expect(withoutGp.length / patients.length).toBeGreaterThan(0.01);
    expect(withoutGp.length / patients.length).toBeLessThan(0.03);
    const roleUrls = new Set(directory.gps.map((gp) => gp.role.fullUrl));
    for (const patient of patients) {
      const gp = patient.entry.resource.generalPractitioner as Array<{ reference: string }> | undefined;
      if (gp) expect(roleUrls.has(gp[0].reference)).toBe(true);
    }
    for (const demoGp of directory.gps.filter((gp) => gp.demoUser)) {
      const listed = patients.filter((patient) => patient.gp === demoGp);
      expect(listed.length).toBeGreaterThanOrEqual(DEMO_GP_MIN_PATIENTS);
    }
    expect(directory.gps.filter((gp) => gp.demoUser).map((gp) => gp.demoUser).sort()).toEqual(['gp', 'gp2']);
  });

  it('is the same for the same seed and different for another', () => {
    const again = buildBergenDirectory(DEFAULT_DIRECTORY_OPTIONS);
    expect(JSON.stringify(again)).toBe(JSON.stringify(directory));
    expect(JSON.stringify(buildSyntheticPatients(DEFAULT_PATIENT_OPTIONS, again.gps))).toBe(JSON.stringify(patients));
    const other = buildBergenDirectory({ ...DEFAULT_DIRECTORY_OPTIONS, seed: 7 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(directory));
  });

  it('keeps the offices and GPs when only the number of patients changes', () => {
    const fewer = buildSyntheticPatients({ ...DEFAULT_PATIENT_OPTIONS, patients: 100 }, directory.gps);
    expect(fewer).toHaveLength(100);
    expect(JSON.stringify(buildBergenDirectory(DEFAULT_DIRECTORY_OPTIONS))).toBe(JSON.stringify(directory));
  });

  it('only refers to resources loaded before or with the referring one, in Bundles of at most 200 entries', () => {
    const groups = [...directoryGroups(directory), ...patients.map((patient) => [patient.entry])];
    const bundles = planBundles(groups, 200);
    expect(bundles.flatMap((bundle) => bundle.entries)).toHaveLength(all.length);
    for (const bundle of bundles) expect(bundle.entries.length).toBeLessThanOrEqual(200);
  });
});
