/**
 * What the /api/consultations endpoints answer with and take: written by the API, read by the web app.
 * Plain types only, so the browser imports this file directly and the two sides cannot drift apart.
 */
import type { RevolvingDoorMark } from './revolving-door-answers';

export interface TimeOption {
  start: string;
  end: string;
}

/** One participant as the planner and the invitation show them. */
export interface ConsultationParticipantSummary {
  /** `hospital-doctor`, `gp`, `patient` or `municipal-service` (urn:bro:consultation-role). */
  role?: string;
  reference?: string;
  display?: string;
  required: 'required' | 'optional' | 'information-only';
  status: 'accepted' | 'declined' | 'tentative' | 'needs-action';
}

/** A participant's latest answer that is not a plain yes to an option: a decline or another time. */
export interface ConsultationAnswerSummary {
  actor: string;
  status: string;
  /** The other time they suggest (tentative, or accepted with a time that is no option). */
  proposed?: TimeOption;
  comment?: string;
  answeredAt?: string;
}

/** A consultation as the lists and the detail view show it. */
export interface ConsultationSummary {
  id: string;
  version: number;
  status: string;
  patient?: { id: string; name?: string; birthDate?: string };
  encounterId?: string;
  /** The hand-over Tasks whose split the consultation agrees. */
  taskIds: string[];
  minutesDuration?: number;
  /** The time options while proposed or pending; the booked time alone once booked. */
  options: TimeOption[];
  start?: string;
  end?: string;
  /** The video link or the place (`Appointment.description`). */
  description?: string;
  participants: ConsultationParticipantSummary[];
  /** The caller's own participant status, when they take part. */
  myStatus?: string;
  answers: ConsultationAnswerSummary[];
  /** The outcome note, once fulfilled. */
  comment?: string;
  /** The stay is a revolving-door readmission (a patient 67 or more back acutely within 30 days). */
  revolvingDoor?: RevolvingDoorMark;
  lastUpdated: string;
}

export interface ConsultationPage {
  total: number;
  page: number;
  pageSize: number;
  consultations: ConsultationSummary[];
}

/** A hand-over Task of the consultation's discharge, for the outcome form. */
export interface ConsultationTaskSummary {
  id: string;
  version: number;
  status: string;
  description?: string;
  category?: { code: string; display?: string };
  owner?: string;
  outcome?: string;
}

export interface ConsultationDetail {
  consultation: ConsultationSummary;
  tasks: ConsultationTaskSummary[];
}

/** `POST /api/consultations`: the coordinator proposes a consultation for a discharge. */
export interface ProposeConsultationRequest {
  encounterId: string;
  /** The hand-over Tasks to agree on; all of the stay's hand-over Tasks when left out. */
  taskIds?: string[];
  hospitalDoctor: string;
  /** The GP's PractitionerRole; the owner of the stay's hand-over Tasks when left out. */
  gp?: string;
  patientAttends: boolean;
  municipalService?: string;
  minutesDuration: number;
  options: TimeOption[];
  /** The video link or the place. */
  description?: string;
}

/** `POST /api/consultations/<id>/answer`. */
export type ConsultationAnswerRequest =
  | { answer: 'accept'; option?: TimeOption; comment?: string }
  | { answer: 'decline'; reason: string }
  | { answer: 'propose'; time: TimeOption; comment?: string };

/** `POST /api/consultations/<id>/cancel`: a code of the cancellation reasons; `other` needs `text`. */
export interface ConsultationCancelRequest {
  version?: number;
  reason: string;
  text?: string;
}

/** `POST /api/consultations/<id>/outcome`. */
export interface ConsultationOutcomeRequest {
  version?: number;
  note: string;
  tasks: Array<{ id: string; outcome: 'SYKEHUSET-BEHOLDER' | 'FASTLEGEN-OVERTAR'; version?: number }>;
}

export interface ConsultationOutcomeAnswer {
  consultation: ConsultationSummary;
  tasks: Array<{ id: string; status: string; outcome: string; replacedBy?: string }>;
}

/** `GET /api/consultations/times`: the options `$find` suggests. */
export interface ConsultationTimes {
  options: TimeOption[];
}
