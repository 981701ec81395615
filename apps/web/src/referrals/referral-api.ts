import type {
  AnswerReferralRequest,
  ContactAttemptRequest,
  ReferralSummary,
  SendReferralRequest,
  TriageCaseSummary,
  TriageOutcomeRequest,
} from '@app/fhir/api/referral-answers';
import { apiRequest, queryString } from '../api/api-client';

/** Every request the referral and low-threshold views make, in one place (docs/referrals.md, "HTTP API"). */
const REFERRALS = '/api/referrals';
const CASES = '/api/lowthreshold/cases';

export type CaseList = 'open' | 'mine' | 'closed';

export function referralListPath(page = 1, pageSize = 20): string {
  return `${REFERRALS}${queryString({ page, pageSize })}`;
}

function referralPath(id: string): string {
  return `${REFERRALS}/${encodeURIComponent(id)}`;
}

export function sendReferral(request: SendReferralRequest): Promise<ReferralSummary> {
  return apiRequest<ReferralSummary>(REFERRALS, { method: 'POST', body: request });
}

export function answerReferral(id: string, request: AnswerReferralRequest): Promise<ReferralSummary> {
  return apiRequest<ReferralSummary>(`${referralPath(id)}/answer`, { method: 'POST', body: request });
}

export function withdrawReferral(referral: Pick<ReferralSummary, 'id' | 'version'>): Promise<ReferralSummary> {
  return apiRequest<ReferralSummary>(`${referralPath(referral.id)}/withdraw`, { method: 'POST', body: { version: referral.version } });
}

export function caseListPath(state: CaseList, page = 1, pageSize = 20): string {
  return `${CASES}${queryString({ state, page, pageSize })}`;
}

export function casePath(id: string): string {
  return `${CASES}/${encodeURIComponent(id)}`;
}

export function claimCase(triage: Pick<TriageCaseSummary, 'id' | 'version'>): Promise<TriageCaseSummary> {
  return apiRequest<TriageCaseSummary>(`${casePath(triage.id)}/claim`, { method: 'POST', body: { version: triage.version } });
}

export function releaseCase(triage: Pick<TriageCaseSummary, 'id' | 'version'>): Promise<TriageCaseSummary> {
  return apiRequest<TriageCaseSummary>(`${casePath(triage.id)}/release`, { method: 'POST', body: { version: triage.version } });
}

export function addContactAttempt(id: string, request: ContactAttemptRequest): Promise<TriageCaseSummary> {
  return apiRequest<TriageCaseSummary>(`${casePath(id)}/contact-attempts`, { method: 'POST', body: request });
}

export function recordTriageOutcome(id: string, request: TriageOutcomeRequest): Promise<TriageCaseSummary> {
  return apiRequest<TriageCaseSummary>(`${casePath(id)}/outcome`, { method: 'POST', body: request });
}
