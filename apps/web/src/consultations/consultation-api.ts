import type {
  ConsultationAnswerRequest,
  ConsultationCancelRequest,
  ConsultationOutcomeRequest,
  ConsultationSummary,
  ConsultationTimes,
  ProposeConsultationRequest,
  TimeOption,
} from '@app/fhir/api/consultation-answers';
import { apiRequest, queryString } from '../api/api-client';

/** Every request the consultation views make, in one place (docs/consultations.md, "HTTP API"). */
const BASE = '/api/consultations';

export type CoordinatorList = 'awaiting-answers' | 'upcoming' | 'to-record';
export type GpList = 'invitations' | 'upcoming';

export function consultationListPath(list: CoordinatorList | GpList, page = 1, pageSize = 20): string {
  return `${BASE}${queryString({ list, page, pageSize })}`;
}

export function consultationPath(id: string): string {
  return `${BASE}/${encodeURIComponent(id)}`;
}

/** Times when all the practitioners are free, earliest first (`$find` behind it); empty when none in the window. */
export async function findTimes(practitioners: string[], from: Date, to: Date, minutesDuration: number, count = 8): Promise<TimeOption[]> {
  const query = queryString({ practitioner: practitioners.join(','), start: from.toISOString(), end: to.toISOString(), minutesDuration, count });
  const answer = await apiRequest<ConsultationTimes>(`${BASE}/times${query}`);
  return answer.options;
}

export async function proposeConsultation(request: ProposeConsultationRequest): Promise<ConsultationSummary> {
  const answer = await apiRequest<{ consultation: ConsultationSummary }>(BASE, { method: 'POST', body: request });
  return answer.consultation;
}

export async function answerConsultation(id: string, request: ConsultationAnswerRequest): Promise<ConsultationSummary> {
  const answer = await apiRequest<{ consultation: ConsultationSummary }>(`${consultationPath(id)}/answer`, { method: 'POST', body: request });
  return answer.consultation;
}

export async function recordOutcome(id: string, request: ConsultationOutcomeRequest): Promise<void> {
  await apiRequest(`${consultationPath(id)}/outcome`, { method: 'POST', body: request });
}

export async function cancelConsultation(id: string, request: ConsultationCancelRequest): Promise<void> {
  await apiRequest(`${consultationPath(id)}/cancel`, { method: 'POST', body: request });
}
