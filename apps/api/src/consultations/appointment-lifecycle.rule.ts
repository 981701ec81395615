import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  AppointmentMoveRefused,
  AppointmentParty,
  AppointmentStatus,
  ConsultationRole,
  assertAppointmentMove,
  cancellationReasonProblem,
  consultationRoleOf,
  isAppointmentStatus,
  isJointDischargeConsultation,
  mayAnswerFor,
  participantRequirementProblem,
  participantsOf,
  planningUnitOf,
  PLANNING_UNIT_EXTENSION,
  Resource,
  sameInstant,
  timeOptionsOf,
  withOptionsProposedAt,
  withPlanningUnit,
} from '@app/fhir';
import { DomainError } from '../common/errors/domain-error';
import { ActorScope } from '../directory/actor-scope';
import { ActorScopeService } from '../directory/actor-scope.service';
import { FhirService } from '../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../fhir/store/resource-write.rule';
import { StoredResource } from '../fhir/store/stored-resource';
import { ConsultationBookings } from './consultation-bookings';
import { consultationChangeFacts } from './consultation-change.facts';
import { CONSULTATION_FACT } from './consultation-event';
import { consultationPartyOf } from './consultation-parties';
import { consultationFields } from './consultation-fields';

type Extensible = Parameters<typeof planningUnitOf>[0];

/** Statuses without a booked time: a start left on them would hold nobody's time and remind nobody. */
const UNBOOKED: readonly AppointmentStatus[] = ['proposed', 'pending'];
/** Whether two versions have the same booked time; neither having one (a proposal called off) is the same. */
function sameTime(next: Resource, previous: Resource): boolean {
  const same = (a: unknown, b: unknown) => (a === undefined && b === undefined) || sameInstant(a as string | undefined, b as string | undefined);
  return same(next.start, previous.start) && same(next.end, previous.end);
}
/** A consultation is about one patient and needs both doctors; everyone else is optional to name. */
const ROLES_NEEDED: readonly ConsultationRole[] = [ConsultationRole.HospitalDoctor, ConsultationRole.GeneralPractitioner, ConsultationRole.Patient];

function statusOf(resource: Resource): AppointmentStatus | undefined {
  return isAppointmentStatus(resource.status) ? resource.status : undefined;
}

function optionsKey(resource: Resource): string {
  return JSON.stringify(timeOptionsOf(consultationFields(resource)).map(({ start, end }) => [Date.parse(start), Date.parse(end)]));
}

function asDomainError(error: unknown): unknown {
  if (!(error instanceof AppointmentMoveRefused)) return error;
  return error.refusal.kind === 'wrong-party' ? DomainError.forbidden(error.refusal.reason, 'Appointment.status') : DomainError.conflict(error.refusal.reason, 'Appointment.status');
}

function assertParticipants(next: Resource): void {
  const participants = participantsOf(consultationFields(next));
  for (const participant of participants) {
    const problem = participantRequirementProblem(participant);
    if (problem) throw DomainError.unprocessable(problem, 'Appointment.participant');
  }
  const roles = participants.map(consultationRoleOf);
  const missing = ROLES_NEEDED.filter((role) => !roles.includes(role));
  if (missing.length) throw DomainError.unprocessable(`a joint consultation needs a participant in each of the roles ${missing.join(', ')} (urn:bro:consultation-role)`, 'Appointment.participant');
  if (roles.filter((role) => role === ConsultationRole.Patient).length > 1) throw DomainError.unprocessable('a joint consultation is about one patient', 'Appointment.participant');
}

/**
 * Answers are the participants' own (AppointmentResponse). The coordinator enters them only where the
 * role lets them (the patient, the municipal service), or asks again (needs-action) with new times.
 */
function assertNoAnswerForOthers(next: Resource, previous: Resource): void {
  const before = new Map(participantsOf(consultationFields(previous)).map((participant) => [participant.actor?.reference, participant.status]));
  for (const participant of participantsOf(consultationFields(next))) {
    const was = before.get(participant.actor?.reference);
    if (was === undefined || was === participant.status || participant.status === 'needs-action') continue;
    if (!mayAnswerFor(participant, 'coordinator')) {
      throw DomainError.forbidden(`${participant.actor?.reference} answers for themselves, with an AppointmentResponse`, 'Appointment.participant.status');
    }
  }
}

/**
 * The lifecycle of a joint discharge consultation on every path that writes one: the moves of the
 * rules table by the right party (409 no such move, 403 someone else's), the roles and requirements of
 * the participants, a coded reason to cancel, the planning unit fixed at the proposal, the options'
 * proposal time, and the booked intervals (no practitioner in two consultations at once, 409).
 */
@Injectable()
export class AppointmentLifecycleRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly scopes: ActorScopeService,
    private readonly bookings: ConsultationBookings,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Appointment', this);
  }

  appliesTo(appointment: Resource): boolean {
    return isJointDischargeConsultation(consultationFields(appointment));
  }

  /** What the caller acts for; undefined for Bro's own writes (the `system` party). */
  private async scopeOf(context: WriteRuleContext): Promise<ActorScope | undefined> {
    if (!context.actor) return undefined;
    return context.access?.scope ?? this.scopes.scopeOf(context.actor, context.client);
  }

  async prepare(given: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    if (!isJointDischargeConsultation(consultationFields(given))) {
      throw DomainError.conflict('a joint consultation stays one: its Appointment.serviceType cannot change', 'Appointment.serviceType');
    }
    const scope = await this.scopeOf(context);
    let next = previous ? this.keepPlanningUnit(given, previous.resource) : this.withPlanningUnitOnProposal(given, scope);
    const to = statusOf(next);
    if (!to) return next; // the validator has already refused it
    const from = previous ? statusOf(previous.resource) : undefined;
    const party: AppointmentParty | undefined = scope ? consultationPartyOf(scope, consultationFields(previous?.resource ?? next)) : 'system';
    if (!party) {
      throw DomainError.forbidden(
        previous
          ? `only the planning hospital unit or a participant may change Appointment/${previous.resource.id}`
          : 'only a coordinator of the planning hospital unit (or its system) proposes a joint consultation',
        'Appointment',
      );
    }
    try {
      assertAppointmentMove(from, to, party);
    } catch (error) {
      throw asDomainError(error);
    }
    if (party === 'system') return next;

    if (previous && from === to && party === 'participant') {
      throw DomainError.forbidden('a participant answers with an AppointmentResponse; only the planning hospital unit changes the consultation', 'Appointment');
    }
    assertParticipants(next);
    if (previous) assertNoAnswerForOthers(next, previous.resource);
    if (to === 'cancelled' && from !== 'cancelled') {
      const problem = cancellationReasonProblem(next.cancelationReason as Parameters<typeof cancellationReasonProblem>[0]);
      if (problem) throw DomainError.unprocessable(problem, 'Appointment.cancelationReason');
    }
    // Back to proposed is always a new proposal, even of the same times: the answers to the last one no longer count.
    const newOptions = !previous || optionsKey(next) !== optionsKey(previous.resource) || (to === 'proposed' && from !== 'proposed');
    if (newOptions) {
      if (to !== 'proposed') {
        throw DomainError.conflict('new times are proposed by setting the consultation back to proposed with its new requestedPeriods', 'Appointment.requestedPeriod');
      }
      if (timeOptionsOf(consultationFields(next)).length === 0) throw DomainError.unprocessable('a proposed consultation needs at least one requestedPeriod with start and end', 'Appointment.requestedPeriod');
      next = withOptionsProposedAt(next as Extensible & Resource, new Date());
      if (previous) next = await this.askAgain(next, context);
    }
    if (UNBOOKED.includes(to)) {
      const { start: _start, end: _end, ...unbooked } = next;
      next = unbooked as Resource;
    } else if (previous && !sameTime(next, previous.resource)) {
      throw DomainError.conflict('the booked time comes from the answers; to move it, propose new times (status proposed)', 'Appointment.start');
    }
    return next;
  }

  /**
   * New times ask again everyone who answered the old ones: their answers no longer count, and a status
   * left at accepted would otherwise read as accepting every new option. Participants the coordinator
   * entered without an answer of their own (the hospital doctor whose calendar the times came from) keep theirs.
   */
  private async askAgain(next: Resource, context: WriteRuleContext): Promise<Resource> {
    const { rows } = await context.client.query<{ actor: string }>('SELECT DISTINCT sp_actor AS actor FROM fhir_appointment_response WHERE sp_appointment = $1', [`Appointment/${next.id}`]);
    const answered = new Set(rows.map((row) => row.actor));
    const participant = participantsOf(consultationFields(next)).map((p) => (p.actor?.reference && answered.has(p.actor.reference) ? { ...p, status: 'needs-action' as const } : p));
    return { ...next, participant };
  }

  /** The unit named when the consultation was proposed stays; a version that leaves it out keeps it. */
  private keepPlanningUnit(given: Resource, stored: Resource): Resource {
    const unit = planningUnitOf(stored as Extensible);
    const named = planningUnitOf(given as Extensible);
    if (!unit) return given;
    if (named && named !== unit) throw DomainError.conflict(`the planning unit (${PLANNING_UNIT_EXTENSION}) of a consultation cannot change`, 'Appointment.extension');
    return named ? given : withPlanningUnit(given as Extensible & Resource, unit);
  }

  /** A coordinator proposes for their own unit unless they name it; a system client names the unit. */
  private withPlanningUnitOnProposal(given: Resource, scope: ActorScope | undefined): Resource {
    if (planningUnitOf(given as Extensible)) return given;
    const own = scope?.principal.role === 'coordinator' ? scope.organizations[0] : undefined;
    if (own) return withPlanningUnit(given as Extensible & Resource, own);
    if (scope && scope.principal.role !== 'system') return given; // not the hospital side: refused as the wrong party
    throw DomainError.unprocessable(`a joint consultation names the hospital unit that plans it (extension ${PLANNING_UNIT_EXTENSION}, valueReference Organization)`, 'Appointment.extension');
  }

  async afterWrite(stored: StoredResource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    await this.bookings.replace(context.client, stored.resource);
    context.eventFacts[CONSULTATION_FACT] = consultationChangeFacts(stored.resource, previous?.resource);
  }

  async beforeDelete(current: StoredResource, context: WriteRuleContext): Promise<void> {
    if (current.resource.status !== 'entered-in-error') {
      throw DomainError.conflict(`Appointment/${current.resource.id} is kept: cancel it (with a reason) or mark it entered-in-error instead of deleting it`);
    }
    await context.client.query('DELETE FROM consultation_booking WHERE appointment_id = $1', [current.resource.id]);
  }
}
