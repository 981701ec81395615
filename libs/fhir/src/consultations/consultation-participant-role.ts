import { CodeableConcept, Coding } from '../fhir-types';
import { AppointmentParticipant, ParticipantRequired } from './appointment-participant';

/**
 * Who a participant of a joint consultation is (a coding of Appointment.participant.type). Bro's own code
 * says the role the rules read; where HL7 v3 ParticipationType has a matching concept it is sent beside it
 * for outside systems (the hospital doctor discharges: DIS; the patient is the subject: SBJ). No v3 concept
 * says "the GP taking over" or "the municipal home nursing service", so those carry Bro's code only.
 */
export const CONSULTATION_ROLE_SYSTEM = 'urn:bro:consultation-role';
export const V3_PARTICIPATION_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

export enum ConsultationRole {
  HospitalDoctor = 'hospital-doctor',
  GeneralPractitioner = 'gp',
  Patient = 'patient',
  MunicipalService = 'municipal-service',
}

export interface ConsultationRoleDefinition {
  display: string;
  displayEn: string;
  definition: string;
  v3?: Coding;
  /** What `participant.required` may be for this role: the first is the default. */
  allowedRequired: readonly ParticipantRequired[];
  /**
   * Who records this participant's answer: the participant themselves when they use Bro, or the
   * coordinator, who asks the patient or the home nursing service by phone and notes the answer.
   */
  answeredBy: 'participant' | 'participant-or-coordinator';
}

export const CONSULTATION_ROLES: Record<ConsultationRole, ConsultationRoleDefinition> = {
  [ConsultationRole.HospitalDoctor]: {
    display: 'Sykehuslege',
    displayEn: 'Hospital doctor',
    definition: 'The hospital doctor responsible for the discharge',
    v3: { system: V3_PARTICIPATION_TYPE_SYSTEM, code: 'DIS', display: 'discharger' },
    allowedRequired: ['required'],
    answeredBy: 'participant',
  },
  [ConsultationRole.GeneralPractitioner]: {
    display: 'Fastlege',
    displayEn: 'GP',
    definition: "The patient's regular GP (fastlege), who takes over follow-up after discharge",
    allowedRequired: ['required'],
    answeredBy: 'participant',
  },
  [ConsultationRole.Patient]: {
    display: 'Pasient',
    displayEn: 'Patient',
    definition: 'The patient being discharged; required unless marked as not attending (information-only)',
    v3: { system: V3_PARTICIPATION_TYPE_SYSTEM, code: 'SBJ', display: 'subject' },
    allowedRequired: ['required', 'information-only'],
    answeredBy: 'participant-or-coordinator',
  },
  [ConsultationRole.MunicipalService]: {
    display: 'Hjemmesykepleie / kommunal tjeneste',
    displayEn: 'Home nursing / municipal service',
    definition: 'Home nursing or another municipal health service that will follow the patient up',
    allowedRequired: ['optional'],
    answeredBy: 'participant-or-coordinator',
  },
};

/**
 * The patient will not join (too ill, or the consultation is between the doctors): FHIR's own
 * `participant.required = information-only` ("the appointment is about them, but not required").
 * The patient then needs not accept for the consultation to be booked.
 */
export const PATIENT_NOT_ATTENDING: ParticipantRequired = 'information-only';

export function isConsultationRole(value: unknown): value is ConsultationRole {
  return typeof value === 'string' && Object.values(ConsultationRole).includes(value as ConsultationRole);
}

/** The participant.type for a role: Bro's coding, and the HL7 v3 coding where one fits. */
export function consultationRoleType(role: ConsultationRole): CodeableConcept[] {
  const definition = CONSULTATION_ROLES[role];
  return [{ coding: [{ system: CONSULTATION_ROLE_SYSTEM, code: role, display: definition.display }, ...(definition.v3 ? [definition.v3] : [])] }];
}

export function consultationRoleOf(participant: AppointmentParticipant): ConsultationRole | undefined {
  for (const concept of participant.type ?? []) {
    const code = concept?.coding?.find((coding) => coding?.system === CONSULTATION_ROLE_SYSTEM)?.code;
    if (isConsultationRole(code)) return code;
  }
  return undefined;
}

export function isPatientNotAttending(participant: AppointmentParticipant): boolean {
  return consultationRoleOf(participant) === ConsultationRole.Patient && participant.required === PATIENT_NOT_ATTENDING;
}

/** Why a participant's `required` does not fit their role (e.g. an optional GP), or undefined when it does. */
export function participantRequirementProblem(participant: AppointmentParticipant): string | undefined {
  const role = consultationRoleOf(participant);
  if (!role) return `every participant of a joint consultation needs a role from ${CONSULTATION_ROLE_SYSTEM} in participant.type`;
  const { allowedRequired, displayEn } = CONSULTATION_ROLES[role];
  const required = participant.required ?? 'required';
  return allowedRequired.includes(required) ? undefined : `${displayEn} participant.required must be ${allowedRequired.join(' or ')}, not ${required}`;
}

/**
 * Whether an answer (AppointmentResponse) for this participant may come from who sends it: a participant
 * answers only for themselves; the coordinator also for the patient and the municipal service, who do not
 * answer in Bro. Nobody answers for the hospital doctor or the GP.
 */
export function mayAnswerFor(participant: AppointmentParticipant, sender: 'themselves' | 'coordinator'): boolean {
  if (sender === 'themselves') return true;
  const role = consultationRoleOf(participant);
  return role !== undefined && CONSULTATION_ROLES[role].answeredBy === 'participant-or-coordinator';
}
