import { OutboxTopic } from '@app/fhir';
import { OutboxRow } from '../outbox/outbox-row';

/**
 * Where in an Appointment's or AppointmentResponse's change event the consultation rules put their
 * facts: the handlers read them instead of the resource, which may have changed again since.
 */
export const CONSULTATION_FACT = 'consultation';

/** One participant as the change left it: who, in which role, and their answer. No patient: patients are not Bro users. */
export interface ConsultationParticipantFact {
  actor: string;
  role?: string | null;
  status: string;
  required?: string | null;
}

/** What a joint consultation's (Appointment's) change event carries under `consultation`. */
export interface ConsultationChangeFacts {
  from: string | null;
  to: string;
  /** The hospital unit that planned it: where answers go. */
  coordinator: string | null;
  participants: ConsultationParticipantFact[];
  /** The coordinator proposed times (on creation or again): every participant is asked. */
  optionsProposed: boolean;
  options: Array<{ start: string; end: string }>;
  start: string | null;
  end: string | null;
  /** The booked start before this change, when there was one: a booked consultation moved or re-placed is news. */
  previousStart?: string | null;
  /** The video link or the place (`description`/`patientInstruction`) changed. */
  placeChanged?: boolean;
  /** Set on a cancellation: the coded reason's display, and the text when the code is "other". */
  cancellationReason: { code: string; display: string; text?: string | null } | null;
}

/** What an answer's (AppointmentResponse's) event carries under `consultation`. */
export interface ConsultationAnswerFacts {
  appointment: string;
  actor: string;
  role?: string | null;
  participantStatus: string;
  coordinator: string | null;
  /** For an accepted answer, the option taken (absent: all of them). */
  start?: string | null;
  end?: string | null;
}

/** The facts of a joint consultation's change, or undefined for any other Appointment or event (no service type, no facts). */
export function consultationChangeOf(event: OutboxRow): ConsultationChangeFacts | undefined {
  if (event.topic !== OutboxTopic.ResourceChanged || event.resource_type !== 'Appointment') return undefined;
  const facts = event.payload[CONSULTATION_FACT] as ConsultationChangeFacts | undefined;
  return facts && typeof facts.to === 'string' ? facts : undefined;
}

/** The facts of an answer to a joint consultation, or undefined for any other event. */
export function consultationAnswerOf(event: OutboxRow): ConsultationAnswerFacts | undefined {
  if (event.topic !== OutboxTopic.ResourceChanged || event.resource_type !== 'AppointmentResponse') return undefined;
  const facts = event.payload[CONSULTATION_FACT] as ConsultationAnswerFacts | undefined;
  return facts && typeof facts.participantStatus === 'string' && typeof facts.actor === 'string' ? facts : undefined;
}
