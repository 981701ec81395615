import Client from 'fhir-kit-client';
import type { Pool } from 'pg';
import { Bundle, Resource, TaskCategoryCode } from '@app/fhir';
import { asMessage, asTransaction, dischargeHandoverEntries, handoverPatient } from '../../tools/simulator/discharge-handover';
import { syntheticFodselsnummer } from './fixtures';
import { TestApi } from './test-api';
import { demoUnit, testDirectory } from './test-directory';
import { daysBefore, daysFromNow } from './clock';

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** Calls an /api (or /fhir) endpoint as a demo user, the way the web app does. */
export async function callAs<T = Record<string, unknown>>(
  api: TestApi,
  user: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer<T>> {
  const response = await fetch(`${api.origin}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${await api.token(user)}`,
      ...(body !== undefined ? { 'Content-Type': path.startsWith('/fhir') ? 'application/fhir+json' : 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** The demo GP's (or gp2's) PractitionerRole. */
export function gpRole(user: 'gp' | 'gp2' = 'gp'): string {
  return testDirectory().demoPractitionerRoles[user];
}

/** A new patient (fresh fødselsnummer) registered with the given GP or GP office, or with none. */
export function newPatient(generalPractitioner?: string): Resource {
  return handoverPatient(syntheticFodselsnummer(), generalPractitioner ? { generalPractitioner: [{ reference: generalPractitioner }] } : {});
}

export interface HandoverOptions {
  patient?: Resource;
  categories?: TaskCategoryCode[];
  owner?: string;
  stayId?: string;
  handoverId?: string;
  dischargedAt?: string;
  /** The sending unit (an Organization reference); the demo unit unless given. */
  requester?: string;
  /** When the stay began; 4 days before the discharge unless given. */
  admittedAt?: string;
  /** How the patient was admitted (Encounter.priority): acute (EM) or elective (EL); none unless given. */
  admission?: 'acute' | 'elective';
}

/** A hand-over from the demo unit (or `requester`); discharged an hour ago unless `dischargedAt` says otherwise. */
export function handover(options: HandoverOptions = {}) {
  const dischargedAt = options.dischargedAt ?? daysFromNow(-1 / 24);
  return dischargeHandoverEntries({
    patient: options.patient ?? newPatient(gpRole()),
    requester: options.requester ?? demoUnit(),
    admittedAt: options.admittedAt ?? daysBefore(dischargedAt, 4),
    dischargedAt,
    admission: options.admission,
    stayId: options.stayId,
    handoverId: options.handoverId,
    tasks: (options.categories ?? ['PROVESVAR']).map((category) => ({ category, owner: options.owner })),
  });
}

/** Posts a hand-over as a transaction; returns the response and the created Tasks. */
export async function postHandover(fhir: Client, content = handover()): Promise<{ response: Bundle; tasks: Resource[] }> {
  const response = (await fhir.transaction({ body: asTransaction(content) } as never)) as unknown as Bundle;
  const tasks = (response.entry ?? []).map((e) => e.resource).filter((r): r is Resource => r?.resourceType === 'Task');
  return { response, tasks };
}

export async function sendHandoverMessage(api: TestApi, content: ReturnType<typeof handover>, messageId: string, user = 'ehr') {
  return callAs<Bundle>(api, user, 'POST', '/fhir/R4/$process-message', asMessage(content, messageId));
}

/** The Tasks of one hospital stay, as stored. */
export async function tasksOfStay(fhir: Client, encounterId: string): Promise<Resource[]> {
  const bundle = (await fhir.search({ resourceType: 'Task', searchParams: { encounter: `Encounter/${encounterId}`, _count: '100' } } as never)) as unknown as Bundle;
  return (bundle.entry ?? []).map((e) => e.resource!).filter(Boolean);
}

/**
 * A ward of the demo hospital unit, made for one test file: hand-overs from it (`requester`) and
 * Subscriptions on it are that file's alone, so work other files left owed for the same GP never
 * counts in its exact numbers. The hospital system hands over for it, as for the unit.
 */
export async function wardOfTheDemoUnit(api: TestApi): Promise<string> {
  const created = await callAs<Resource>(api, 'ehr', 'POST', '/fhir/R4/Organization', {
    resourceType: 'Organization',
    active: true,
    name: `Sengepost for test ${Math.random().toString(36).slice(2, 10)}`,
    partOf: { reference: demoUnit() },
  });
  if (created.status !== 201) throw new Error(`ward not created: ${created.status} ${JSON.stringify(created.body)}`);
  return `Organization/${created.body.id}`;
}

/** What is stored about a task's questions and answers, with its version and status: proof that a refused request wrote nothing. */
export async function storedTaskConversation(pool: Pool, taskId: string): Promise<{ communications: number; version: number; status: string }> {
  const { rows } = await pool.query<{ communications: string; version: number; status: string }>(
    `SELECT (SELECT count(*) FROM fhir_communication WHERE sp_based_on && ARRAY['Task/' || t.id]) AS communications, t.version_id AS version, t.sp_status AS status
       FROM fhir_task t WHERE t.id = $1`,
    [taskId],
  );
  return { communications: Number(rows[0].communications), version: Number(rows[0].version), status: rows[0].status };
}
