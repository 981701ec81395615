import { randomUUID } from 'node:crypto';
import { Bundle, BundleEntry, IdentifierSystem, MESSAGE_EVENT_SYSTEM, MessageEvent, Resource, TASK_CATEGORIES, TASK_CATEGORY_SYSTEM, TaskCategoryCode } from '@app/fhir';

/** What a ward writes for a task of each category when a simulated hand-over gives no words of its own: the GP reads Norwegian. */
const SAMPLE_DESCRIPTIONS: Record<TaskCategoryCode, string> = {
  'HENV-VIDERE': 'Henvis videre til poliklinisk vurdering etter funnene under innleggelsen.',
  'REKV-UTR': 'Rekvirer utredningen sykehuset har planlagt, se epikrisen.',
  PROVESVAR: 'Følg opp prøvesvar som kommer etter utskrivning.',
  KONTROLL: 'Kontroll hos fastlegen som avtalt ved utskrivning.',
  'RESEPT-NY': 'Forny resept på legemidlene som ble startet på sykehuset.',
  'MED-JUST': 'Juster dosen etter planen i epikrisen.',
  'LM-UTLEV': 'Legemidlet ble ikke utlevert ved utskrivning: sørg for at pasienten får det.',
  SYKMELD: 'Vurder forlenget sykmelding.',
  PASREISE: 'Bestill pasientreise til kontrollen.',
  'PLL-MULTIDOSE': 'Oppdater legemiddellisten og multidosen etter endringene under innleggelsen.',
  'INFO-MANGEL': 'Epikrisen mangler: be sykehuset om den.',
  ANNET: 'Se epikrisen for hva som skal gjøres.',
};

/** The hospital's identifier system for stays (Encounter.identifier) in the synthetic Haukeland EHR. */
export const STAY_IDENTIFIER_SYSTEM = 'urn:bro:synthetic:haukeland:stay';
export const HANDOVER_BUNDLE_IDENTIFIER_SYSTEM = 'urn:bro:synthetic:haukeland:handover';

export interface HandoverTaskInput {
  category: TaskCategoryCode;
  description?: string;
  priority?: 'routine' | 'urgent' | 'asap';
  /** Due date (YYYY-MM-DD); Bro sets one per category when absent. */
  due?: string;
  /** `PractitionerRole/<id>` or `Organization/<id>`; Bro finds the patient's GP when absent. */
  owner?: string;
}

export interface DischargeHandoverInput {
  /** The patient as the hospital knows them: at least a fødselsnummer or D-nummer. */
  patient: Resource;
  /** `Organization/<id>` of the hospital unit (or `PractitionerRole/<id>` of the discharging doctor). */
  requester: string;
  /** The unit's Organization, for Encounter.serviceProvider (defaults to the requester when that is an Organization). */
  unit?: string;
  admittedAt: string;
  dischargedAt: string;
  tasks: HandoverTaskInput[];
  /** The hospital's id of the stay; a new one when absent. */
  stayId?: string;
  /** Bundle.identifier value; a new one when absent. */
  handoverId?: string;
  /**
   * How the patient was admitted (Encounter.priority, v3 ActPriority): `acute` (EM, øyeblikkelig hjelp) or
   * `elective` (EL); none said when absent. A revolving-door readmission is an acute one.
   */
  admission?: 'acute' | 'elective';
}

const ADMISSION_PRIORITY = {
  acute: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EM', display: 'emergency' },
  elective: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EL', display: 'elective' },
} as const;

/**
 * One discharge hand-over as a hospital system sends it: Patient, Encounter and one Task per
 * transferred task, referring to each other by urn:uuid. {@link asTransaction} and {@link asMessage}
 * wrap the same content for the two channels Bro accepts.
 */
export function dischargeHandoverEntries(input: DischargeHandoverInput): { identifier: { system: string; value: string }; entries: BundleEntry[] } {
  const patientUrl = `urn:uuid:${randomUUID()}`;
  const encounterUrl = `urn:uuid:${randomUUID()}`;
  const unit = input.unit ?? (input.requester.startsWith('Organization/') ? input.requester : undefined);
  const encounter: Resource = {
    resourceType: 'Encounter',
    identifier: [{ system: STAY_IDENTIFIER_SYSTEM, value: input.stayId ?? randomUUID() }],
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP', display: 'inpatient encounter' },
    subject: { reference: patientUrl },
    period: { start: input.admittedAt, end: input.dischargedAt },
    ...(input.admission ? { priority: { coding: [{ ...ADMISSION_PRIORITY[input.admission] }] } } : {}),
    hospitalization: { dischargeDisposition: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'home', display: 'Home' }] } },
    ...(unit ? { serviceProvider: { reference: unit } } : {}),
  };
  const tasks = input.tasks.map((task) => ({
    fullUrl: `urn:uuid:${randomUUID()}`,
    resource: {
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      priority: task.priority ?? 'routine',
      businessStatus: { coding: [{ system: TASK_CATEGORY_SYSTEM, code: task.category, display: TASK_CATEGORIES[task.category].display }] },
      description: task.description ?? SAMPLE_DESCRIPTIONS[task.category],
      for: { reference: patientUrl },
      encounter: { reference: encounterUrl },
      requester: { reference: input.requester },
      ...(task.owner ? { owner: { reference: task.owner } } : {}),
      ...(task.due ? { restriction: { period: { end: task.due } } } : {}),
      authoredOn: input.dischargedAt,
    } as Resource,
  }));
  return {
    identifier: { system: HANDOVER_BUNDLE_IDENTIFIER_SYSTEM, value: input.handoverId ?? randomUUID() },
    entries: [{ fullUrl: patientUrl, resource: input.patient }, { fullUrl: encounterUrl, resource: encounter }, ...tasks],
  };
}

/** The hand-over as a FHIR transaction Bundle (`POST /fhir/R4`). */
export function asTransaction(handover: ReturnType<typeof dischargeHandoverEntries>): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    identifier: handover.identifier,
    entry: handover.entries.map((entry) => ({ ...entry, request: { method: 'POST', url: entry.resource!.resourceType } })),
  };
}

/** The hand-over as a FHIR message (`POST /fhir/R4/$process-message`); `messageId` is MessageHeader.id. */
export function asMessage(handover: ReturnType<typeof dischargeHandoverEntries>, messageId: string = randomUUID(), sourceEndpoint = 'urn:bro:synthetic:haukeland-ehr'): Bundle {
  const taskUrls = handover.entries.filter((e) => e.resource?.resourceType === 'Task').map((e) => ({ reference: e.fullUrl }));
  return {
    resourceType: 'Bundle',
    type: 'message',
    identifier: handover.identifier,
    timestamp: new Date().toISOString(),
    entry: [
      {
        fullUrl: `urn:uuid:${messageId}`,
        resource: {
          resourceType: 'MessageHeader',
          id: messageId,
          eventCoding: { system: MESSAGE_EVENT_SYSTEM, code: MessageEvent.DischargeHandover },
          source: { name: 'Haukeland EHR (synthetic)', endpoint: sourceEndpoint },
          focus: taskUrls,
        },
      },
      ...handover.entries,
    ],
  };
}

/** A synthetic patient as a hospital would send it. */
export function handoverPatient(fodselsnummer: string, extra: Partial<Resource> = {}): Resource {
  return {
    resourceType: 'Patient',
    identifier: [{ system: IdentifierSystem.Fodselsnummer, value: fodselsnummer }],
    name: [{ family: 'Utskrevet', given: ['Synne'] }],
    ...extra,
  };
}
