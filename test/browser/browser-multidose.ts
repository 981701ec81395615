import { DISPENSING_PHARMACY_EXTENSION, EPISODE_TYPE_SYSTEM, IdentifierSystem, MULTIDOSE_MODE_EXTENSION, MULTIDOSE_STATE_EXTENSION } from '@app/fhir';
import { testDirectory } from '../support/test-directory';
import { callAs, gpRole } from '../support/transfers';
import { BrowserStack } from './browser-stack';
import { RegisteredPatient, registerPatient } from './browser-handovers';

/** The demo GP's patient on multidose (an episode with the GP as responsible doctor, as their EPJ would register it); returns the Patient id. */
export async function multidosePatient(stack: BrowserStack, patient: RegisteredPatient): Promise<string> {
  const id = await registerPatient(stack.api, patient, 'gp');
  const episode = await callAs(stack.api, 'gp', 'POST', '/fhir/R4/EpisodeOfCare', {
    resourceType: 'EpisodeOfCare',
    status: 'active',
    type: [{ coding: [{ system: EPISODE_TYPE_SYSTEM, code: 'multidose' }] }],
    patient: { reference: `Patient/${id}` },
    careManager: { reference: gpRole(), identifier: { system: IdentifierSystem.Hpr, value: '9144901' } },
    managingOrganization: { reference: testDirectory().demoOrganizations.gpOfficeSentrum },
    extension: [
      { url: MULTIDOSE_STATE_EXTENSION, valueCode: 'active' },
      { url: MULTIDOSE_MODE_EXTENSION, valueCode: 'e-multidose' },
      { url: DISPENSING_PHARMACY_EXTENSION, valueReference: { identifier: { system: IdentifierSystem.Her, value: '8100010' }, display: 'Apotek 1 Bergen Sentrum' } },
    ],
  });
  expect(episode.status).toBe(201);
  return id;
}
