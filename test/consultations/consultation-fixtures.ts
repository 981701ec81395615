import Client from 'fhir-kit-client';
import { Resource } from '@app/fhir';
import { TestApi } from '../support/test-api';
import { testDirectory } from '../support/test-directory';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';

const HOUR = 3_600_000;

export type TimeOption = { start: string; end: string };

/**
 * Half-hour options one hour apart from a start `daysAhead` days out (plus a random number of hours, so
 * re-runs and other files' consultations of the same GP do not meet), relative to the test's clock.
 */
export function timeOptions(daysAhead: number): () => TimeOption {
  let next = Math.ceil(Date.now() / HOUR) * HOUR + daysAhead * 24 * HOUR + Math.floor(Math.random() * 24 * 20) * HOUR;
  return () => {
    const start = next;
    next += HOUR;
    return { start: new Date(start).toISOString(), end: new Date(start + HOUR / 2).toISOString() };
  };
}

export interface Discharge {
  patient: string;
  encounter: string;
  tasks: string[];
}

/** A discharge from the coordinator's unit of a new patient registered with `registeredGp`. */
export async function discharge(ehr: Client, registeredGp: 'gp' | 'gp2' = 'gp'): Promise<Discharge> {
  const { response, tasks } = await postHandover(ehr, handover({ patient: newPatient(gpRole(registeredGp)), categories: ['PROVESVAR'] }));
  const resources = (response.entry ?? []).map((entry) => entry.resource);
  const encounter = resources.find((resource) => resource?.resourceType === 'Encounter')!;
  const patient = resources.find((resource) => resource?.resourceType === 'Patient')!;
  return { patient: `Patient/${patient.id}`, encounter: `Encounter/${encounter.id}`, tasks: tasks.map((task) => `Task/${task.id}`) };
}

const role = (code: string) => [{ coding: [{ system: 'urn:bro:consultation-role', code }] }];

/** The hospital doctor of the tests' consultations: the coordinator's own PractitionerRole at the unit. */
export function hospitalDoctor(): string {
  return testDirectory().demoPractitionerRoles.coordinator;
}

/** A proposed joint consultation about a discharge: the hospital doctor accepted, the GP asked, the patient not attending. */
export function consultation(of: Discharge, options: TimeOption[], gp: 'gp' | 'gp2' = 'gp', extra: Record<string, unknown> = {}): Resource {
  return {
    resourceType: 'Appointment',
    status: 'proposed',
    serviceType: [{ coding: [{ system: 'urn:bro:consultation-service-type', code: 'joint-discharge-consultation' }] }],
    supportingInformation: [{ reference: of.encounter }, ...of.tasks.map((reference) => ({ reference }))],
    description: 'Video: https://video.example.no/room/test',
    minutesDuration: 30,
    requestedPeriod: options,
    participant: [
      { type: role('hospital-doctor'), actor: { reference: hospitalDoctor() }, required: 'required', status: 'accepted' },
      { type: role('gp'), actor: { reference: gpRole(gp) }, required: 'required', status: 'needs-action' },
      { type: role('patient'), actor: { reference: of.patient }, required: 'information-only', status: 'accepted' },
    ],
    ...extra,
  };
}

/** Proposes a consultation as the coordinator; fails the test unless it is created. */
export async function propose(api: TestApi, body: Resource): Promise<Resource> {
  const created = await callAs<Resource>(api, 'coordinator', 'POST', '/fhir/R4/Appointment', body);
  if (created.status !== 201) throw new Error(`the consultation was not proposed: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

/** An answer of `actor` to a consultation, sent by `user`. */
export function answer(api: TestApi, user: string, appointment: Resource, actor: string, participantStatus: string, extra: Record<string, unknown> = {}) {
  return callAs<Resource>(api, user, 'POST', '/fhir/R4/AppointmentResponse', {
    resourceType: 'AppointmentResponse',
    appointment: { reference: `Appointment/${appointment.id}` },
    actor: { reference: actor },
    participantStatus,
    ...extra,
  });
}

/** The consultation as stored now (read by Bro's EHR client, which sees every row). */
export async function stored(api: TestApi, appointment: Resource): Promise<Resource> {
  const read = await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Appointment/${appointment.id}`);
  if (read.status !== 200) throw new Error(`Appointment/${appointment.id} could not be read: ${read.status}`);
  return read.body;
}

/** Writes a new version as `user` (If-Match on the version given). */
export function write(api: TestApi, user: string, current: Resource, changes: Record<string, unknown>) {
  return callAs<Resource>(api, user, 'PUT', `/fhir/R4/Appointment/${current.id}`, { ...current, ...changes }, { 'If-Match': `W/"${current.meta?.versionId}"` });
}

/** The diagnostics of an OperationOutcome answer. */
export function diagnostics(body: unknown): string {
  return ((body as { issue?: Array<{ diagnostics?: string }> }).issue ?? []).map((issue) => issue.diagnostics ?? '').join(' ');
}
