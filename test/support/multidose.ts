import { DISPENSING_PHARMACY_EXTENSION, EPISODE_TYPE_SYSTEM, IdentifierSystem, MULTIDOSE_MODE_EXTENSION, MULTIDOSE_STATE_EXTENSION, Resource } from '@app/fhir';
import { daysFromNow } from './clock';
import { StoredResource } from './referrals';
import { TestApi } from './test-api';
import { demoUnit, testDirectory } from './test-directory';
import { callAs, gpRole, handover, newPatient, postHandover } from './transfers';

/** The demo pharmacy's HER id (demo-users.json `apotekSentrum`, whose system client is `apotek`). */
export const DEMO_PHARMACY_HER = '8100010';

export interface MultidosePatient {
  patient: Resource;
  patientRef: string;
  episode: StoredResource;
}

/**
 * A multidose episode for a patient already stored, registered by the demo GP as their EPJ would: the GP the
 * responsible doctor, at Sentrum legesenter, packed by the given pharmacy. Answers the stored episode.
 */
export async function registerMultidoseEpisode(api: TestApi, patientRef: string, options: { state?: string; pharmacyHer?: string; mode?: string } = {}): Promise<StoredResource> {
  const episode = await callAs<StoredResource>(api, 'gp', 'POST', '/fhir/R4/EpisodeOfCare', {
    resourceType: 'EpisodeOfCare',
    status: 'active',
    type: [{ coding: [{ system: EPISODE_TYPE_SYSTEM, code: 'multidose' }] }],
    patient: { reference: patientRef },
    careManager: { reference: gpRole(), identifier: { system: IdentifierSystem.Hpr, value: '9144901' } },
    managingOrganization: { reference: testDirectory().demoOrganizations.gpOfficeSentrum },
    extension: [
      { url: MULTIDOSE_STATE_EXTENSION, valueCode: options.state ?? 'active' },
      { url: MULTIDOSE_MODE_EXTENSION, valueCode: options.mode ?? 'e-multidose' },
      { url: DISPENSING_PHARMACY_EXTENSION, valueReference: { identifier: { system: IdentifierSystem.Her, value: options.pharmacyHer ?? DEMO_PHARMACY_HER }, display: 'Apotek 1 Bergen Sentrum' } },
    ],
  });
  if (episode.status !== 201) throw new Error(`registering the episode answered ${episode.status}: ${JSON.stringify(episode.body)}`);
  return episode.body;
}

/** A new patient of the demo GP with a multidose episode registered by that GP (see registerMultidoseEpisode). */
export async function newMultidosePatient(api: TestApi, options: { state?: string; pharmacyHer?: string; mode?: string } = {}): Promise<MultidosePatient> {
  const patient = newPatient(gpRole());
  const created = await callAs<StoredResource>(api, 'ehr', 'POST', '/fhir/R4/Patient', patient);
  if (created.status !== 201) throw new Error(`creating the patient answered ${created.status}`);
  const patientRef = `Patient/${created.body.id}`;
  return { patient, patientRef, episode: await registerMultidoseEpisode(api, patientRef, options) };
}

/** The hospital's EHR discharges the patient with a new prescription (RESEPT-NY): a medication change. */
export async function dischargeWithChange(api: TestApi, patient: Resource): Promise<void> {
  await postHandover(await api.fhirClient('ehr'), handover({ patient, categories: ['RESEPT-NY'] }));
}

/** The hospital's EHR admits the patient to the demo unit, in a stay begun `daysAgo` days ago: an active episode is suspended. */
export async function admitToDemoUnit(api: TestApi, patientId: string, daysAgo = 1): Promise<void> {
  const stay = await callAs(api, 'ehr', 'POST', '/fhir/R4/Encounter', {
    resourceType: 'Encounter',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { reference: `Patient/${patientId}` },
    serviceProvider: { reference: demoUnit() },
    period: { start: daysFromNow(-daysAgo) },
  });
  if (stay.status !== 201) throw new Error(`the stay was not recorded: ${stay.status} ${JSON.stringify(stay.body)}`);
}
