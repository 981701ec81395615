import { handoverPatient } from '../../tools/simulator/discharge-handover';
import { admitToDemoUnit, dischargeWithChange as dischargeResourceWithChange, registerMultidoseEpisode } from '../support/multidose';
import { gpRole } from '../support/transfers';
import { BrowserStack } from './browser-stack';
import { RegisteredPatient, registerPatient } from './browser-handovers';

/** The demo GP's patient on multidose (an episode with the GP as responsible doctor, as their EPJ would register it); returns the Patient id. */
export async function multidosePatient(stack: BrowserStack, patient: RegisteredPatient): Promise<string> {
  const id = await registerPatient(stack.api, patient, 'gp');
  await registerMultidoseEpisode(stack.api, `Patient/${id}`);
  return id;
}

/** The hospital's EHR discharges the registered patient with a new prescription (RESEPT-NY): a medication change. */
export async function dischargeWithChange(stack: BrowserStack, patient: RegisteredPatient): Promise<void> {
  const resource = handoverPatient(patient.fodselsnummer, { name: [{ family: patient.name.family, given: [patient.name.given] }], generalPractitioner: [{ reference: gpRole() }] });
  await dischargeResourceWithChange(stack.api, resource);
}

/** The hospital's EHR admits the patient to the demo unit (a stay that began two days ago): the episode is suspended. */
export function admit(stack: BrowserStack, patientId: string): Promise<void> {
  return admitToDemoUnit(stack.api, patientId, 2);
}
