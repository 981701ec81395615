import { registerMultidoseEpisode } from '../support/multidose';
import { BrowserStack } from './browser-stack';
import { RegisteredPatient, registerPatient } from './browser-handovers';

/** The demo GP's patient on multidose (an episode with the GP as responsible doctor, as their EPJ would register it); returns the Patient id. */
export async function multidosePatient(stack: BrowserStack, patient: RegisteredPatient): Promise<string> {
  const id = await registerPatient(stack.api, patient, 'gp');
  await registerMultidoseEpisode(stack.api, `Patient/${id}`);
  return id;
}
