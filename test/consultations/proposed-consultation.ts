import Client from 'fhir-kit-client';
import { Resource } from '@app/fhir';
import { TestApi } from '../support/test-api';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';
import { testDirectory } from '../support/test-directory';

const HOUR = 3_600_000;

/** An option `hoursAhead` from now, on a quarter hour, 30 minutes long. */
export function optionIn(hoursAhead: number): { start: string; end: string } {
  const start = new Date(Math.ceil((Date.now() + hoursAhead * HOUR) / (15 * 60_000)) * 15 * 60_000);
  return { start: start.toISOString(), end: new Date(start.getTime() + 30 * 60_000).toISOString() };
}

/**
 * A discharge from the demo unit of a new patient of gp2 (or of `who.gp`, the Task owned by `who.owner`
 * when given), and the joint consultation its coordinator proposes about it: the coordinator as the
 * hospital doctor (accepted), the GP asked, the patient not attending. Answers the stored Appointment.
 */
export async function proposeConsultation(api: TestApi, ehr: Client, options: Array<{ start: string; end: string }>, who: { gp?: string; owner?: string } = {}): Promise<Resource> {
  const gp = who.gp ?? gpRole('gp2');
  const content = handover({ patient: newPatient(gp), categories: ['PROVESVAR'], owner: who.owner });
  const { response, tasks } = await postHandover(ehr, content);
  const encounter = (response.entry ?? []).map((entry) => entry.resource).find((resource) => resource?.resourceType === 'Encounter')!;
  const patient = (response.entry ?? []).map((entry) => entry.resource).find((resource) => resource?.resourceType === 'Patient')!;
  const proposed = await callAs<Resource>(api, 'coordinator', 'POST', '/fhir/R4/Appointment', {
    resourceType: 'Appointment',
    status: 'proposed',
    serviceType: [{ coding: [{ system: 'urn:bro:consultation-service-type', code: 'joint-discharge-consultation' }] }],
    supportingInformation: [{ reference: `Encounter/${encounter.id}` }, ...tasks.map((task) => ({ reference: `Task/${task.id}` }))],
    description: 'Video: https://video.example.no/room/test',
    minutesDuration: 30,
    requestedPeriod: options,
    participant: [
      { type: [{ coding: [{ system: 'urn:bro:consultation-role', code: 'hospital-doctor' }] }], actor: { reference: testDirectory().demoPractitionerRoles.coordinator }, required: 'required', status: 'accepted' },
      { type: [{ coding: [{ system: 'urn:bro:consultation-role', code: 'gp' }] }], actor: { reference: gp }, required: 'required', status: 'needs-action' },
      { type: [{ coding: [{ system: 'urn:bro:consultation-role', code: 'patient' }] }], actor: { reference: `Patient/${patient.id}` }, required: 'information-only', status: 'accepted' },
    ],
  });
  if (proposed.status !== 201) throw new Error(`the consultation was not proposed: ${proposed.status} ${JSON.stringify(proposed.body)}`);
  return proposed.body;
}

/** gp2 accepts one option of the consultation, as their AppointmentResponse. */
export async function gpAccepts(api: TestApi, appointment: Resource, option: { start: string; end: string }): Promise<void> {
  const answered = await callAs(api, 'gp2', 'POST', '/fhir/R4/AppointmentResponse', {
    resourceType: 'AppointmentResponse',
    appointment: { reference: `Appointment/${appointment.id}` },
    actor: { reference: gpRole('gp2') },
    participantStatus: 'accepted',
    start: option.start,
    end: option.end,
  });
  if (answered.status !== 201) throw new Error(`gp2's answer was refused: ${answered.status} ${JSON.stringify(answered.body)}`);
}

/** The consultation as it is now, read by its coordinator. */
export async function consultationNow(api: TestApi, appointment: Resource): Promise<Resource> {
  const read = await callAs<Resource>(api, 'coordinator', 'GET', `/fhir/R4/Appointment/${appointment.id}`);
  if (read.status !== 200) throw new Error(`the consultation could not be read: ${read.status}`);
  return read.body;
}

/** The coordinator writes a new version of the consultation (If-Match on the version read). */
export async function coordinatorUpdates(api: TestApi, current: Resource, changes: Record<string, unknown>): Promise<Resource> {
  const updated = await callAs<Resource>(api, 'coordinator', 'PUT', `/fhir/R4/Appointment/${current.id}`, { ...current, ...changes }, { 'If-Match': `W/"${current.meta?.versionId}"` });
  if (updated.status !== 200) throw new Error(`the consultation was not updated: ${updated.status} ${JSON.stringify(updated.body)}`);
  return updated.body;
}
