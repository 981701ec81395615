/**
 * What the /api/referrals and /api/lowthreshold endpoints answer with and take: written by the API, read
 * by the web app. Plain types only, so the browser imports this file directly and the two sides cannot
 * drift apart. Codes are those of libs/fhir/src/referrals (Volven 9148 answers, Bro's rejection reasons,
 * triage outcomes, contact attempt results).
 */

export interface PatientSummary {
  id: string;
  name?: string;
  birthDate?: string;
}

/** Where a rejected referral's patient is in the low-threshold service, as the GP and the hospital see it. */
export interface TriageStatusSummary {
  taskId: string;
  /** `requested` (in the queue), `in-progress` (claimed), `completed`, `cancelled`. */
  status: string;
  service: { reference: string; display?: string };
  /** The triage deadline, YYYY-MM-DD (Oslo). */
  deadline: string;
  overdue: boolean;
  claimedBy?: string;
  outcome?: { code: string; display: string; text?: string };
  routedAt: string;
  closedAt?: string;
}

/** A referral as the GP's "Mine henvisninger" and the hospital unit's list show it. */
export interface ReferralSummary {
  /** The referral Task's id (the fulfilment Task, owned by the hospital unit). */
  id: string;
  version: number;
  serviceRequestId: string;
  /** The referral Task's status: requested, received, accepted, rejected, completed, cancelled. */
  status: string;
  patient?: PatientSummary;
  hospitalUnit: { reference: string; display?: string };
  referrer?: { reference: string; display?: string };
  /** Why the GP refers (ServiceRequest.reasonCode text / note). */
  reasonText?: string;
  urgent: boolean;
  patientObjectsToContact: boolean;
  sentAt: string;
  receivedAt: string;
  /** received + 10 working days, YYYY-MM-DD (Oslo). */
  assessmentDeadline: string;
  /** Unanswered past the assessment deadline. */
  assessmentOverdue: boolean;
  answer?: { code: string; display: string; answeredAt?: string };
  rejection?: { reason: string; display: string; text?: string };
  /** Present once a rejection is routed; absent when the patient objected (or not rejected). */
  triage?: TriageStatusSummary;
}

export interface ReferralPage {
  total: number;
  page: number;
  pageSize: number;
  referrals: ReferralSummary[];
}

/** `POST /api/referrals`: a GP refers a patient to a hospital unit. */
export interface SendReferralRequest {
  patientId: string;
  /** `Organization/<id>` of the hospital unit. */
  hospitalUnit: string;
  /** What the GP asks the hospital to assess (1–4000 characters). */
  reasonText: string;
  priority?: 'routine' | 'urgent';
  /** The patient does not want the low-threshold service to contact them if the referral is rejected. */
  patientObjectsToContact?: boolean;
}

/** `POST /api/referrals/:id/answer`: the hospital unit answers (Volven 9148). */
export interface AnswerReferralRequest {
  /** The referral Task's version the caller saw (If-Match). */
  version: number;
  answer: string;
  /** Required with answer `4` (rejected): urn:bro:referral-rejection-reason. */
  reason?: string;
  /** Free text; required with reason ANNET. */
  reasonText?: string;
}

/** A contact attempt as the case view shows it. */
export interface ContactAttemptSummary {
  time: string;
  result: string;
  resultDisplay: string;
  note?: string;
  by?: string;
}

/** A case in the low-threshold queue. */
export interface TriageCaseSummary {
  /** The triage Task's id. */
  id: string;
  version: number;
  status: string;
  patient?: PatientSummary;
  urgent: boolean;
  deadline: string;
  overdue: boolean;
  routedAt: string;
  hospitalUnit?: { reference: string; display?: string };
  rejection?: { reason: string; display: string; text?: string };
  claimedBy?: string;
  /** Whether the caller is the one who claimed it. */
  claimedByMe: boolean;
  contactAttempts: number;
  outcome?: { code: string; display: string; text?: string };
}

export interface TriageCasePage {
  total: number;
  page: number;
  pageSize: number;
  cases: TriageCaseSummary[];
}

export interface TriageCaseDetail {
  case: TriageCaseSummary;
  referral: { id: string; serviceRequestId: string; reasonText?: string; referrer?: { reference: string; display?: string }; sentAt: string };
  contactAttempts: ContactAttemptSummary[];
}

/** `POST /api/lowthreshold/cases/:id/contact-attempts`. */
export interface ContactAttemptRequest {
  version: number;
  result: string;
  note?: string;
}

/** `POST /api/lowthreshold/cases/:id/outcome`. */
export interface TriageOutcomeRequest {
  version: number;
  outcome: string;
  /** Which service or where (required for KOMMUNALT-TILBUD and HENVIST-ANNET). */
  text?: string;
}

/** `PUT /api/referrals/routing-rules`. */
export interface SaveRoutingRulesRequest {
  /** The version the administrator edited (0 when there is none yet). */
  version: number;
  rules: unknown[];
  comment?: string;
}
