import { Resource, TaskCategoryCode } from '@app/fhir';
import { dischargeHandoverEntries, handoverPatient } from '../../tools/simulator/discharge-handover';
import { syntheticFodselsnummer } from '../support/fixtures';
import { TestApi } from '../support/test-api';
import { demoUnit, testDirectory } from '../support/test-directory';
import { gpRole, postHandover } from '../support/transfers';

let counter = 0;

/** A patient name no other test gives, so a test finds exactly its own rows among the run's. */
export function uniquePatientName(): { given: string; family: string; full: string } {
  counter += 1;
  const given = `Nettleser${counter}`;
  const family = `Test${Date.now().toString(36).slice(-5)}`;
  return { given, family, full: `${given} ${family}` };
}

/** A GP office of the test's own (created through the FHIR API, as a directory feed would), so its figures are the test's alone. */
export function newGpOffice(api: TestApi, name: string): Promise<string> {
  return newOrganization(api, name, 'gp-office');
}

/** A hospital unit of the test's own at Haukeland, to hand over from when a report must count only the test's hand-overs. */
export function newHospitalUnit(api: TestApi, name: string): Promise<string> {
  return newOrganization(api, name, 'hospital-unit', { partOf: { reference: testDirectory().demoOrganizations.haukeland } });
}

async function newOrganization(api: TestApi, name: string, type: string, extra: Record<string, unknown> = {}): Promise<string> {
  const fhir = await api.fhirClient('ehr');
  const organization = (await fhir.create({
    resourceType: 'Organization',
    body: { resourceType: 'Organization', name, type: [{ coding: [{ system: 'urn:bro:organization-type', code: type }] }], ...extra },
  } as never)) as unknown as Resource;
  return `Organization/${organization.id}`;
}

/**
 * A discharge from the demo coordinator's unit at Haukeland (or `requester`), sent by the hospital's EHR (a system
 * client) as a FHIR transaction, for a new patient on the given demo GP's list, handed over now
 * (to `owner`, a GP office say, instead of the GP where given).
 */
export async function handOver(
  api: TestApi,
  options: { gp?: 'gp' | 'gp2'; categories?: TaskCategoryCode[]; patient?: RegisteredPatient; descriptions?: string[]; owner?: string; requester?: string } = {},
): Promise<{ patientName: string; fodselsnummer: string; tasks: Resource[] }> {
  const registered = options.patient ?? newRegisteredPatient();
  const patient = handoverPatient(registered.fodselsnummer, {
    name: [{ family: registered.name.family, given: [registered.name.given] }],
    generalPractitioner: [{ reference: gpRole(options.gp ?? 'gp') }],
  });
  const now = new Date();
  const content = dischargeHandoverEntries({
    patient,
    requester: options.requester ?? demoUnit(),
    admittedAt: new Date(now.getTime() - 3 * 86_400_000).toISOString(),
    dischargedAt: now.toISOString(),
    tasks: (options.categories ?? ['PROVESVAR']).map((category, i) => ({ category, description: options.descriptions?.[i], owner: options.owner })),
  });
  const { tasks } = await postHandover(await api.fhirClient('ehr'), content);
  return { patientName: registered.name.full, fodselsnummer: registered.fodselsnummer, tasks };
}

export interface RegisteredPatient {
  fodselsnummer: string;
  name: ReturnType<typeof uniquePatientName>;
}

/** A new patient's details (not yet stored): a fresh fødselsnummer and a unique name. */
export function newRegisteredPatient(): RegisteredPatient {
  return { fodselsnummer: syntheticFodselsnummer(), name: uniquePatientName() };
}

/** Stores the patient on the demo GP's list before any hand-over (as the population register would have them); returns the Patient id. */
export async function registerPatient(api: TestApi, patient: RegisteredPatient, gp: 'gp' | 'gp2' = 'gp'): Promise<string> {
  const fhir = await api.fhirClient('ehr');
  const created = (await fhir.create({
    resourceType: 'Patient',
    body: handoverPatient(patient.fodselsnummer, {
      name: [{ family: patient.name.family, given: [patient.name.given] }],
      generalPractitioner: [{ reference: gpRole(gp) }],
    }),
  } as never)) as unknown as Resource;
  return created.id!;
}
