import type { MultidoseBadges, MultidoseEpisodeView } from '@app/fhir/multidose/multidose-patient-answers';
import { apiRequest, queryString } from '../api/api-client';

/** Every request the GP's and coordinator's multidose views make, in one place (docs/security.md names the endpoints). */
const PATIENTS = '/api/multidose/patients';

export function multidosePatientsPath(page: number, pageSize = 25): string {
  return `${PATIENTS}${queryString({ page, pageSize })}`;
}

export function episodePath(patientId: string): string {
  return `${PATIENTS}/${encodeURIComponent(patientId)}/episode`;
}

/** One request for all the patients of a page; null (no request) when there are none. */
export function badgesPath(patientIds: readonly string[]): string | null {
  const unique = [...new Set(patientIds)].sort();
  if (unique.length === 0) return null;
  return `/api/multidose/badges?${unique.map((id) => `patient=${encodeURIComponent(id)}`).join('&')}`;
}

export function fetchBadges(patientIds: readonly string[]): Promise<MultidoseBadges> {
  const path = badgesPath(patientIds);
  return path ? apiRequest<MultidoseBadges>(path) : Promise.resolve({ badges: {} });
}

/** The GP records that the updated complete list (M25.1) was sent from their EPJ; `version` is the episode version seen. */
export function recordCompleteList(patientId: string, version: number): Promise<MultidoseEpisodeView> {
  return apiRequest<MultidoseEpisodeView>(`${PATIENTS}/${encodeURIComponent(patientId)}/complete-list`, { method: 'POST', body: { version } });
}

/** The GP's page of one patient's episode and timeline. */
export function episodePagePath(patientId: string): string {
  return `/multidose/patients/${encodeURIComponent(patientId)}`;
}
