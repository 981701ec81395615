import { IdentifierSystem } from '@app/fhir/identifiers/identifier-systems';
import { isValidDNummer, isValidFodselsnummer } from '@app/fhir/identifiers/norwegian-person-number';
import { TASK_CATEGORIES, TASK_CATEGORY_SYSTEM, TaskCategoryCode } from '@app/fhir/transfers/task-category';
import { HANDOVER_IDENTIFIER_SYSTEM } from '@app/fhir/transfers/task-extensions';

/**
 * The discharge hand-over as the web form sends it: the same FHIR transaction Bundle a hospital
 * system sends (docs/task-transfer.md), mirroring tools/simulator/discharge-handover.ts — which
 * cannot run here, as it imports node:crypto and the server side of libs/fhir.
 */

/** Identifier systems of what the web form makes up itself: the stay and the hand-over (for idempotency). */
export const WEB_STAY_IDENTIFIER_SYSTEM = 'urn:bro:web:stay';
export const WEB_HANDOVER_IDENTIFIER_SYSTEM = 'urn:bro:web:handover';

export interface HandoverTaskDraft {
  category: TaskCategoryCode | '';
  description: string;
  priority: 'routine' | 'urgent' | 'asap';
  /** YYYY-MM-DD, or empty for the category's default. */
  due: string;
}

export interface HandoverDraft {
  /** Bundle.identifier: made once per form, so sending the same form twice hands over once. */
  handoverId: string;
  stayId: string;
  personNumber: string;
  givenName: string;
  familyName: string;
  /** ISO instants. */
  admittedAt: string;
  dischargedAt: string;
  tasks: HandoverTaskDraft[];
}

/** The identifier system of a valid fødselsnummer or D-nummer (a D-nummer's day reads 41–71), else undefined. */
export function personNumberSystem(value: string): string | undefined {
  if (isValidFodselsnummer(value)) return IdentifierSystem.Fodselsnummer;
  if (isValidDNummer(value)) return IdentifierSystem.DNummer;
  return undefined;
}

interface BundleEntry {
  fullUrl: string;
  resource: Record<string, unknown>;
  request: { method: 'POST'; url: string };
}

/** `unit` is the coordinator's hospital unit (`Organization/<id>`): requester and service provider. */
export function handoverTransaction(draft: HandoverDraft, unit: string) {
  const patientUrl = `urn:uuid:${crypto.randomUUID()}`;
  const encounterUrl = `urn:uuid:${crypto.randomUUID()}`;
  const system = personNumberSystem(draft.personNumber);
  if (!system) throw new Error('the person number is not valid');
  const name = draft.givenName.trim() || draft.familyName.trim() ? [{ ...(draft.familyName.trim() ? { family: draft.familyName.trim() } : {}), ...(draft.givenName.trim() ? { given: [draft.givenName.trim()] } : {}) }] : undefined;

  const entries: BundleEntry[] = [
    {
      fullUrl: patientUrl,
      resource: { resourceType: 'Patient', identifier: [{ system, value: draft.personNumber }], ...(name ? { name } : {}) },
      request: { method: 'POST', url: 'Patient' },
    },
    {
      fullUrl: encounterUrl,
      resource: {
        resourceType: 'Encounter',
        identifier: [{ system: WEB_STAY_IDENTIFIER_SYSTEM, value: draft.stayId }],
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP', display: 'inpatient encounter' },
        subject: { reference: patientUrl },
        period: { start: draft.admittedAt, end: draft.dischargedAt },
        serviceProvider: { reference: unit },
      },
      request: { method: 'POST', url: 'Encounter' },
    },
    ...draft.tasks.map((task): BundleEntry => {
      const category = task.category as TaskCategoryCode;
      return {
        fullUrl: `urn:uuid:${crypto.randomUUID()}`,
        resource: {
          resourceType: 'Task',
          status: 'requested',
          intent: 'order',
          priority: task.priority,
          businessStatus: { coding: [{ system: TASK_CATEGORY_SYSTEM, code: category, display: TASK_CATEGORIES[category].display }] },
          // Said by the coordinator (the form requires it): the GP reads what to do, not the category's definition.
          description: task.description.trim(),
          for: { reference: patientUrl },
          encounter: { reference: encounterUrl },
          requester: { reference: unit },
          ...(task.due ? { restriction: { period: { end: task.due } } } : {}),
          authoredOn: draft.dischargedAt,
        },
        request: { method: 'POST', url: 'Task' },
      };
    }),
  ];
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    identifier: { system: WEB_HANDOVER_IDENTIFIER_SYSTEM, value: draft.handoverId },
    entry: entries,
  };
}

/** The Tasks Bro created, from the transaction-response: who got each one, and the hand-over they belong to. */
export function createdTasks(response: { entry?: Array<{ resource?: Record<string, unknown> }> }): Array<{ id: string; owner?: { reference?: string; display?: string }; handoverId?: string }> {
  return (response.entry ?? [])
    .map((entry) => entry.resource)
    .filter((resource): resource is Record<string, unknown> => resource?.resourceType === 'Task')
    .map((task) => {
      const group = task.groupIdentifier as { system?: string; value?: string } | undefined;
      return {
        id: String(task.id),
        owner: task.owner as { reference?: string; display?: string } | undefined,
        ...(group?.system === HANDOVER_IDENTIFIER_SYSTEM && group.value ? { handoverId: group.value } : {}),
      };
    });
}
