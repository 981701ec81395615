import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  ANSWERABLE_APPOINTMENT_STATUSES,
  AppointmentResponseAnswer,
  AppointmentStatus,
  isJointDischargeConsultation,
  mayAnswerFor,
  participantsOf,
  Resource,
  withAnswers,
} from '@app/fhir';
import { DomainError } from '../common/errors/domain-error';
import { ActorScopeService } from '../directory/actor-scope.service';
import { FhirService } from '../fhir/fhir.service';
import { normalizeReference } from '../fhir/search/reference';
import { ResourceWriteRule, WriteRuleContext } from '../fhir/store/resource-write.rule';
import { StoredResource } from '../fhir/store/stored-resource';
import { consultationAnswerFacts } from './consultation-change.facts';
import { CONSULTATION_FACT } from './consultation-event';
import { consultationFields } from './consultation-fields';
import { coordinatesConsultation } from './consultation-parties';

/** The consultation an answer is for, read and locked in prepare() for afterWrite() to fold the answer into. */
const ANSWERED = 'consultation-answered';

/**
 * Answers to a joint consultation (AppointmentResponse) on every path: only the participant themselves
 * answers, or the planning unit's coordinator for the patient and the municipal service; answers are
 * kept as given (a change of mind is a new answer). In the same transaction the answers are folded into
 * the Appointment's next version (`withAnswers`), written as Bro's own (`system`) change through
 * FhirService, so the lifecycle rule checks it, books it (or refuses a double booking, which refuses
 * the answer too) and tells the participants.
 */
@Injectable()
export class AppointmentResponseRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly scopes: ActorScopeService,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('AppointmentResponse', this);
  }

  async prepare(next: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    const answer = next as unknown as AppointmentResponseAnswer;
    const target = normalizeReference(answer.appointment?.reference ?? '', this.fhir.baseUrl);
    if (!target?.startsWith('Appointment/')) return next; // the validator and the reference check refuse it
    const id = target.slice('Appointment/'.length);
    // Answers to one consultation queue here, so each folds in every answer before it.
    const appointment = await this.fhir.readForUpdate('Appointment', id, { client: context.client });
    if (!appointment || !isJointDischargeConsultation(consultationFields(appointment.resource))) return next;
    if (previous) throw DomainError.conflict('an answer is kept as given: to change it, answer again with a new AppointmentResponse', 'AppointmentResponse');

    const actor = normalizeReference(answer.actor?.reference ?? '', this.fhir.baseUrl);
    const participant = participantsOf(consultationFields(appointment.resource)).find((candidate) => candidate.actor?.reference === actor);
    if (context.actor) {
      const scope = context.access?.scope ?? (await this.scopes.scopeOf(context.actor, context.client));
      const themselves = actor !== undefined && scope.actsFor.has(actor);
      const coordinator = coordinatesConsultation(scope, consultationFields(appointment.resource));
      // Neither taking part nor planning it: answered as a reference to a consultation they cannot see.
      if (!themselves && !coordinator && !participantsOf(consultationFields(appointment.resource)).some((p) => p.actor?.reference && scope.actsFor.has(p.actor.reference))) {
        throw DomainError.unprocessable(`${target} is not a consultation you take part in`, 'AppointmentResponse.appointment');
      }
      if (!participant) throw DomainError.unprocessable(`${actor ?? 'AppointmentResponse.actor'} is not a participant of ${target}`, 'AppointmentResponse.actor');
      const allowed = (themselves && mayAnswerFor(participant, 'themselves')) || (coordinator && mayAnswerFor(participant, 'coordinator'));
      if (!allowed) {
        throw DomainError.forbidden(
          mayAnswerFor(participant, 'coordinator')
            ? `only ${actor} or the planning hospital unit answers for ${actor}`
            : `only ${actor} answers for themselves`,
          'AppointmentResponse.actor',
        );
      }
    } else if (!participant) {
      throw DomainError.unprocessable(`${actor ?? 'AppointmentResponse.actor'} is not a participant of ${target}`, 'AppointmentResponse.actor');
    }
    const status = appointment.resource.status as AppointmentStatus;
    if (!ANSWERABLE_APPOINTMENT_STATUSES.includes(status)) {
      throw DomainError.conflict(`${target} is ${status}: answers no longer change it`, 'AppointmentResponse.appointment');
    }
    context.scratch.set(ANSWERED, appointment);
    return next;
  }

  async afterWrite(stored: StoredResource, _previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    const appointment = context.scratch.get(ANSWERED) as StoredResource | undefined;
    if (!appointment) return;
    const id = appointment.resource.id as string;
    const { rows } = await context.client.query<{ resource: AppointmentResponseAnswer }>(
      'SELECT resource FROM fhir_appointment_response WHERE sp_appointment = $1 AND id <> $2',
      [`Appointment/${id}`, stored.resource.id],
    );
    const answer = stored.resource as unknown as AppointmentResponseAnswer;
    const responses = [...rows.map((row) => ({ ...row.resource, appointment: { reference: `Appointment/${id}` } })), { ...answer, appointment: { reference: `Appointment/${id}` } }];
    const next = withAnswers(appointment.resource, responses);
    if (JSON.stringify(next) !== JSON.stringify(appointment.resource)) {
      // Bro's own change (no actor: the `system` party), through every Appointment rule and into the outbox.
      await this.fhir.update('Appointment', id, next, { client: context.client, current: appointment });
    }
    context.eventFacts[CONSULTATION_FACT] = consultationAnswerFacts(answer, appointment.resource);
  }

  async beforeDelete(current: StoredResource): Promise<void> {
    throw DomainError.conflict(`AppointmentResponse/${current.resource.id} is kept: an answer is part of the consultation's history; answer again instead`);
  }
}
