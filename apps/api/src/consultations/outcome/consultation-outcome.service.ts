import { Injectable } from '@nestjs/common';
import {
  AGREED_IN_CONSULTATION_EXTENSION,
  CONSULTATION_OUTCOMES,
  CONSULTATION_OUTCOME_SYSTEM,
  ConsultationOutcome,
  ConsultationRole,
  REPLACES_TASK_EXTENSION,
  Resource,
  consultationRoleOf,
  isJointDischargeConsultation,
} from '@app/fhir';
import { AccessPolicy } from '../../access/access-policy';
import { DomainError } from '../../common/errors/domain-error';
import { SqlClient } from '../../database/sql-client';
import { FhirService } from '../../fhir/fhir.service';
import { StoredResource } from '../../fhir/store/stored-resource';
import { coordinatesConsultation, participantOfCaller } from '../consultation-parties';

export interface TaskOutcome {
  id: string;
  outcome: ConsultationOutcome;
  /** The version the caller saw; the current one when left out. */
  version?: number;
}

export interface OutcomeInput {
  appointmentId: string;
  /** The consultation's version the caller saw (If-Match); the current one when left out. */
  version?: number;
  note: string;
  tasks: TaskOutcome[];
}

export interface RecordedOutcome {
  appointment: StoredResource;
  tasks: Array<{ task: StoredResource; outcome: ConsultationOutcome; replacement?: StoredResource }>;
}

const referenceOf = (value: unknown): string | undefined => (value && typeof value === 'object' ? ((value as { reference?: unknown }).reference as string | undefined) : undefined);

/** The hand-over Tasks the consultation agrees on (`Appointment.supportingInformation`). */
export function consultationTaskIds(appointment: Resource): string[] {
  const links = Array.isArray(appointment.supportingInformation) ? appointment.supportingInformation : [];
  return links.map(referenceOf).filter((reference): reference is string => reference?.startsWith('Task/') === true).map((reference) => reference.slice('Task/'.length));
}

/** The caller records for the planning unit, or as the participating GP; nobody else. */
export function mayRecordOutcome(caller: AccessPolicy, appointment: Resource): boolean {
  const consultation = appointment as { extension?: unknown; participant?: unknown };
  if (coordinatesConsultation(caller.scope, consultation)) return true;
  const participant = caller.role === 'gp' ? participantOfCaller(caller.scope, consultation) : undefined;
  return participant !== undefined && consultationRoleOf(participant) === ConsultationRole.GeneralPractitioner;
}

function withStatusReason(task: Resource, outcome: ConsultationOutcome, appointmentId: string): Resource {
  const others = (Array.isArray(task.extension) ? (task.extension as Array<{ url?: string }>) : []).filter((extension) => extension?.url !== AGREED_IN_CONSULTATION_EXTENSION);
  return {
    ...task,
    status: CONSULTATION_OUTCOMES[outcome].taskStatus,
    statusReason: { coding: [{ system: CONSULTATION_OUTCOME_SYSTEM, code: outcome, display: CONSULTATION_OUTCOMES[outcome].display }] },
    extension: [...others, { url: AGREED_IN_CONSULTATION_EXTENSION, valueReference: { reference: `Appointment/${appointmentId}` } }],
  };
}

/**
 * Records what a held consultation agreed, in one transaction through FhirService, so the Task state
 * machine, the consultation lifecycle and the access policy decide every step as they would on
 * /fhir/R4: per hand-over Task, "hospital keeps it" (the Task is cancelled with the outcome as reason,
 * and a new Task owned by the hospital unit replaces it) or "GP takes it" (accepted); then the
 * consultation is fulfilled with the note as its comment. Any refusal rolls all of it back.
 */
@Injectable()
export class ConsultationOutcomeService {
  constructor(private readonly fhir: FhirService) {}

  async record(caller: AccessPolicy, input: OutcomeInput): Promise<RecordedOutcome> {
    if (input.tasks.length === 0) throw DomainError.badRequest('name at least one hand-over task and what was agreed for it', 'tasks');
    const ids = input.tasks.map((task) => task.id);
    if (new Set(ids).size !== ids.length) throw DomainError.badRequest('each task is named once', 'tasks');
    return this.fhir.inTransaction(undefined, async (client) => {
      const appointment = await this.fhir.readForUpdate('Appointment', input.appointmentId, { client, access: caller });
      if (!appointment || !isJointDischargeConsultation(appointment.resource as { serviceType?: unknown }) || !mayRecordOutcome(caller, appointment.resource)) {
        throw DomainError.notFound(`Appointment/${input.appointmentId} is not a consultation you take part in or planned`);
      }
      if (input.version !== undefined && input.version !== appointment.versionId) {
        throw DomainError.preconditionFailed(`Appointment/${input.appointmentId} has changed since you saw it (now version ${appointment.versionId})`);
      }
      const ofConsultation = new Set(consultationTaskIds(appointment.resource));
      const foreign = ids.find((id) => !ofConsultation.has(id));
      if (foreign) throw DomainError.unprocessable(`Task/${foreign} is not a hand-over task of this consultation`, 'tasks');
      const tasks = [];
      for (const given of input.tasks) tasks.push(await this.recordTask(client, caller, appointment.resource.id!, given));
      const fulfilled = await this.fhir.update(
        'Appointment',
        input.appointmentId,
        { ...appointment.resource, status: 'fulfilled', comment: input.note.trim() },
        { client, ifMatch: appointment.versionId, actor: caller.principal, access: caller, current: appointment },
      );
      return { appointment: fulfilled, tasks };
    });
  }

  private async recordTask(client: SqlClient, caller: AccessPolicy, appointmentId: string, given: TaskOutcome) {
    const current = await this.fhir.readForUpdate('Task', given.id, { client, access: caller });
    if (!current) throw DomainError.notFound(`Task/${given.id} is not among your tasks`);
    if (given.version !== undefined && given.version !== current.versionId) {
      throw DomainError.preconditionFailed(`Task/${given.id} has changed since you saw it (now version ${current.versionId})`);
    }
    // The consultation agreed the split and this service checked the caller planned it or is its GP: the
    // coordinator may record "the GP takes it", a move the Task table otherwise leaves to the owner alone.
    const writer = { client, ifMatch: current.versionId, actor: caller.principal, access: caller, current, decidedByService: true };
    const task = await this.fhir.update('Task', given.id, withStatusReason(current.resource, given.outcome, appointmentId), writer);
    if (given.outcome !== ConsultationOutcome.HospitalKeepsIt) return { task, outcome: given.outcome };
    const replacement = await this.fhir.create('Task', this.hospitalTask(current.resource, appointmentId), {
      client,
      actor: caller.principal,
      access: caller,
      // The consultation agreed it; this service checked the caller planned it or is its GP.
      decidedByService: true,
    });
    return { task, outcome: given.outcome, replacement };
  }

  /** The hospital's own Task in place of the GP's: same patient, stay and content, owned by the requesting unit. */
  private hospitalTask(original: Resource, appointmentId: string): Resource {
    const copy: Record<string, unknown> = {
      resourceType: 'Task',
      status: 'requested',
      intent: original.intent,
      priority: original.priority,
      code: original.code,
      businessStatus: original.businessStatus,
      description: original.description,
      for: original.for,
      encounter: original.encounter,
      authoredOn: new Date().toISOString(),
      requester: original.requester,
      owner: original.requester,
      restriction: original.restriction,
      extension: [
        { url: REPLACES_TASK_EXTENSION, valueReference: { reference: `Task/${original.id}` } },
        { url: AGREED_IN_CONSULTATION_EXTENSION, valueReference: { reference: `Appointment/${appointmentId}` } },
      ],
    };
    return Object.fromEntries(Object.entries(copy).filter(([, value]) => value !== undefined)) as Resource;
  }
}
