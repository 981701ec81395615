import { AppointmentParty, AppointmentParticipant, participantsOf, planningUnitOf } from '@app/fhir';
import { BroRole } from '../auth/principal';
import { ActorScope } from '../directory/actor-scope';

/** The hospital side plans consultations: its coordinators, and its systems (the EHR) acting for the unit. */
const PLANNING_ROLES: readonly BroRole[] = ['coordinator', 'system'];

type Consultation = { extension?: unknown; participant?: unknown };

/** Whether the caller speaks for the unit that planned the consultation (the lifecycle's `coordinator`). */
export function coordinatesConsultation(scope: ActorScope, consultation: Consultation): boolean {
  const unit = planningUnitOf(consultation as Parameters<typeof planningUnitOf>[0]);
  return PLANNING_ROLES.includes(scope.principal.role) && unit !== undefined && scope.actsFor.has(unit);
}

/** The participant the caller is, if any: their own PractitionerRole (or service) among the participants. */
export function participantOfCaller(scope: ActorScope, consultation: Consultation): AppointmentParticipant | undefined {
  return participantsOf(consultation).find((participant) => participant.actor?.reference !== undefined && scope.actsFor.has(participant.actor.reference));
}

/**
 * Which party of the lifecycle a caller is on a consultation, decided from the stored version so nobody
 * becomes its coordinator or a participant by writing themselves in; undefined: neither.
 */
export function consultationPartyOf(scope: ActorScope, consultation: Consultation): Exclude<AppointmentParty, 'system'> | undefined {
  if (coordinatesConsultation(scope, consultation)) return 'coordinator';
  return participantOfCaller(scope, consultation) ? 'participant' : undefined;
}
