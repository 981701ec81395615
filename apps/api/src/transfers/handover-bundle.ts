import { Bundle, BundleEntry, Resource, TASK_CATEGORY_SYSTEM, isTaskCategoryCode } from '@app/fhir';
import { checkNorwegianIdentifier } from '@app/fhir/identifiers/identifier-rules';
import { DueDateProblem, StayProblem, dueDateProblem, osloDay, stayProblem } from '@app/fhir/transfers/handover-timing.rules';
import { DomainError } from '../common/errors/domain-error';
import { codeIn, dueDateOf } from './task-fields';

/** The parts of a discharge hand-over, each with the index of its Bundle entry (for error messages). */
export interface HandoverContent {
  bundleIdentifier?: string;
  patient: { entry: BundleEntry; index: number; identifier: string };
  encounter: { entry: BundleEntry; index: number; identifier: string };
  tasks: Array<{ entry: BundleEntry; index: number }>;
  /** Everything else the sender included (a ServiceRequest as a task's focus, say), written as sent. */
  others: Array<{ entry: BundleEntry; index: number }>;
}

const PERSON_IDENTIFIER_SYSTEMS = ['urn:oid:2.16.578.1.12.4.1.4.1', 'urn:oid:2.16.578.1.12.4.1.4.2'];

function tokenOf(identifier: unknown): string | undefined {
  const { system, value } = (identifier ?? {}) as { system?: unknown; value?: unknown };
  return typeof system === 'string' && typeof value === 'string' && system && value ? `${system}|${value}` : undefined;
}

function firstIdentifier(resource: Resource, systems?: string[]): string | undefined {
  const identifiers = Array.isArray(resource.identifier) ? resource.identifier : [];
  for (const identifier of identifiers) {
    const token = tokenOf(identifier);
    if (token && (!systems || systems.includes((identifier as { system: string }).system))) return token;
  }
  return undefined;
}

function isTransferredTask(resource: Resource | undefined): boolean {
  return resource?.resourceType === 'Task' && codeIn(resource.businessStatus, TASK_CATEGORY_SYSTEM) !== undefined;
}

/** A transaction Bundle is a hand-over when it carries an Encounter and at least one categorised Task. */
export function isHandoverBundle(bundle: Bundle): boolean {
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  return entries.some((e) => e?.resource?.resourceType === 'Encounter') && entries.some((e) => isTransferredTask(e?.resource));
}

const STAY_PROBLEMS: Record<StayProblem, string> = {
  'admission-not-a-time': 'Encounter.period.start is not a date and time',
  'discharge-not-a-time': 'Encounter.period.end is not a date and time',
  'admission-in-future': 'the admission (Encounter.period.start) lies in the future',
  'discharge-in-future': 'the discharge (Encounter.period.end) lies in the future: a hand-over is sent at or after discharge',
  'discharge-before-admission': 'the discharge (Encounter.period.end) is before the admission (Encounter.period.start)',
};

const DUE_DATE_PROBLEMS: Record<DueDateProblem, string> = {
  'not-a-date': 'the due date (Task.restriction.period.end) is not a date',
  'before-discharge': 'the due date (Task.restriction.period.end) is before the discharge day',
};

function instantOf(value: unknown): Date | undefined {
  return typeof value === 'string' ? new Date(value) : undefined;
}

/** A due date as the Bergen calendar day it falls on (a dateTime is allowed in Period.end). */
function dueDayOf(due: string): string {
  return due.length > 10 && !Number.isNaN(new Date(due).getTime()) ? osloDay(new Date(due)) : due;
}

/**
 * Picks a hand-over apart and checks what makes it one: exactly one Patient identified by a valid
 * fødselsnummer or D-nummer, exactly one Encounter with an identifier (the stay) admitted no later than
 * discharged and discharged no later than now, and Tasks that each carry a known category, say what the GP
 * is to do and, when due dates are given, are not due before the discharge day. Errors name the entry; all is
 * checked before anything is written, so a refused hand-over leaves nothing behind.
 */
export function readHandover(bundle: Bundle, now: Date = new Date()): HandoverContent {
  const entries = (Array.isArray(bundle.entry) ? bundle.entry : []).map((entry, index) => ({ entry, index }));
  const ofType = (type: string) => entries.filter(({ entry }) => entry?.resource?.resourceType === type);
  const patients = ofType('Patient');
  const encounters = ofType('Encounter');
  if (patients.length !== 1) throw DomainError.unprocessable(`a hand-over carries exactly one Patient, this one has ${patients.length}`, 'Bundle.entry');
  if (encounters.length !== 1) throw DomainError.unprocessable(`a hand-over carries exactly one Encounter, this one has ${encounters.length}`, 'Bundle.entry');

  const patientIdentifier = firstIdentifier(patients[0].entry.resource!, PERSON_IDENTIFIER_SYSTEMS);
  if (!patientIdentifier) {
    throw DomainError.unprocessable('the Patient of a hand-over is identified by fødselsnummer or D-nummer (Patient.identifier)', 'Patient.identifier').inEntry(
      patients[0].index,
    );
  }
  const bar = patientIdentifier.indexOf('|');
  const personNumberMessage = checkNorwegianIdentifier(patientIdentifier.slice(0, bar), patientIdentifier.slice(bar + 1));
  if (personNumberMessage) throw DomainError.unprocessable(personNumberMessage, 'Patient.identifier').inEntry(patients[0].index);
  const encounterIdentifier = firstIdentifier(encounters[0].entry.resource!);
  if (!encounterIdentifier) {
    throw DomainError.unprocessable("the Encounter of a hand-over carries the hospital's identifier of the stay", 'Encounter.identifier').inEntry(encounters[0].index);
  }
  const period = (encounters[0].entry.resource!.period ?? {}) as { start?: unknown; end?: unknown };
  const stay = stayProblem(instantOf(period.start), instantOf(period.end), now);
  if (stay) throw DomainError.unprocessable(STAY_PROBLEMS[stay], 'Encounter.period').inEntry(encounters[0].index);
  const dischargeDay = osloDay(instantOf(period.end) ?? now);

  const tasks = ofType('Task');
  if (tasks.length === 0) throw DomainError.unprocessable('a hand-over carries at least one Task', 'Bundle.entry');
  for (const { entry, index } of tasks) {
    const category = codeIn(entry.resource!.businessStatus, TASK_CATEGORY_SYSTEM);
    if (!isTaskCategoryCode(category)) {
      const what = category === undefined ? 'has no category' : `has the unknown category "${category}"`;
      throw DomainError.unprocessable(`the Task ${what}: Task.businessStatus takes a code from urn:bro:task-category`, 'Task.businessStatus').inEntry(index);
    }
    if (!entry.resource!.requester) throw DomainError.unprocessable('a transferred Task names the hospital unit or doctor handing it over', 'Task.requester').inEntry(index);
    const description = entry.resource!.description;
    if (typeof description !== 'string' || !description.trim()) {
      throw DomainError.unprocessable('a transferred Task says what the GP is to do (Task.description)', 'Task.description').inEntry(index);
    }
    const due = dueDateOf(entry.resource!);
    const dueProblem = due === undefined ? undefined : dueDateProblem(dueDayOf(due), dischargeDay);
    if (dueProblem) throw DomainError.unprocessable(DUE_DATE_PROBLEMS[dueProblem], 'Task.restriction.period.end').inEntry(index);
  }
  const known = new Set([patients[0].index, encounters[0].index, ...tasks.map((t) => t.index)]);
  return {
    bundleIdentifier: tokenOf(bundle.identifier),
    patient: { ...patients[0], identifier: patientIdentifier },
    encounter: { ...encounters[0], identifier: encounterIdentifier },
    tasks,
    others: entries.filter(({ index }) => !known.has(index)),
  };
}
