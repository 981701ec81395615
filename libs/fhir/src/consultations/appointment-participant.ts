import { CodeableConcept, Reference } from '../fhir-types';

/** Appointment.participant.status and AppointmentResponse.participantStatus (R4 participationstatus). */
export const PARTICIPANT_STATUSES = ['accepted', 'declined', 'tentative', 'needs-action'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

/** Appointment.participant.required (R4 participantrequired). */
export type ParticipantRequired = 'required' | 'optional' | 'information-only';

export interface Period {
  start?: string;
  end?: string;
}

/** The part of an Appointment.participant the consultation rules read. */
export interface AppointmentParticipant {
  type?: CodeableConcept[];
  actor?: Reference;
  required?: ParticipantRequired;
  status: ParticipantStatus;
  period?: Period;
}

/** The part of an AppointmentResponse the consultation rules read. */
export interface AppointmentResponseAnswer {
  id?: string;
  meta?: { lastUpdated?: string };
  appointment: Reference;
  actor?: Reference;
  participantStatus: ParticipantStatus;
  start?: string;
  end?: string;
  comment?: string;
}

export function participantsOf(appointment: { participant?: unknown }): AppointmentParticipant[] {
  return Array.isArray(appointment.participant) ? (appointment.participant as AppointmentParticipant[]) : [];
}

/**
 * Whether a participant must accept before the consultation is booked. R4 reads a missing `required` as
 * required; `information-only` is how FHIR says "about them, not attending" (the patient who will not join).
 */
export function isRequiredParticipant(participant: AppointmentParticipant): boolean {
  return participant.required === undefined || participant.required === 'required';
}
