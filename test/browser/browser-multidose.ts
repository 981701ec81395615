import { handoverPatient } from '../../tools/simulator/discharge-handover';
import { daysFromNow } from '../support/clock';
import { registerMultidoseEpisode } from '../support/multidose';
import { demoUnit } from '../support/test-directory';
import { callAs, gpRole, handover, postHandover } from '../support/transfers';
import { BrowserStack } from './browser-stack';
import { RegisteredPatient, registerPatient } from './browser-handovers';

/** The demo GP's patient on multidose (an episode with the GP as responsible doctor, as their EPJ would register it); returns the Patient id. */
export async function multidosePatient(stack: BrowserStack, patient: RegisteredPatient): Promise<string> {
  const id = await registerPatient(stack.api, patient, 'gp');
  await registerMultidoseEpisode(stack.api, `Patient/${id}`);
  return id;
}

/** The hospital's EHR discharges the patient with a new prescription (RESEPT-NY): a medication change. */
export async function dischargeWithChange(stack: BrowserStack, patient: RegisteredPatient): Promise<void> {
  const resource = handoverPatient(patient.fodselsnummer, { name: [{ family: patient.name.family, given: [patient.name.given] }], generalPractitioner: [{ reference: gpRole() }] });
  await postHandover(await stack.api.fhirClient('ehr'), handover({ patient: resource, categories: ['RESEPT-NY'] }));
}

/** The hospital's EHR admits the patient to the demo unit (a stay that began two days ago): the episode is suspended. */
export async function admit(stack: BrowserStack, patientId: string): Promise<void> {
  const stay = await callAs(stack.api, 'ehr', 'POST', '/fhir/R4/Encounter', {
    resourceType: 'Encounter',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { reference: `Patient/${patientId}` },
    serviceProvider: { reference: demoUnit() },
    period: { start: daysFromNow(-2) },
  });
  if (stay.status !== 201) throw new Error(`the stay was not recorded: ${stay.status} ${JSON.stringify(stay.body)}`);
}
