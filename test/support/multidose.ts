import { DISPENSING_PHARMACY_EXTENSION, EPISODE_TYPE_SYSTEM, IdentifierSystem, MULTIDOSE_MODE_EXTENSION, MULTIDOSE_STATE_EXTENSION, Resource } from '@app/fhir';
import { StoredResource } from './referrals';
import { TestApi } from './test-api';
import { testDirectory } from './test-directory';
import { callAs, gpRole, newPatient } from './transfers';

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
