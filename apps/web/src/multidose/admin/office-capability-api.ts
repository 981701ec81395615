import type { OfficeCapability } from '@app/fhir/multidose/office-capability';
import type { CapabilityImportReport, OfficeCapabilityRow } from '@app/fhir/multidose/office-capability-answers';
import { apiRequest, queryString } from '../../api/api-client';

/** Every request the multidose offices page makes, in one place (docs/security.md names the endpoints). */
export const OFFICES_PATH = '/api/multidose/offices';

export function officesPath(page: number, q: string, pageSize = 25): string {
  return `${OFFICES_PATH}${queryString({ page, pageSize, q: q.trim() || undefined })}`;
}

export function officeHistoryPath(office: string): string {
  return `${OFFICES_PATH}/${encodeURIComponent(office.replace(/^Organization\//, ''))}/history`;
}

/** Sets one office's capability; `version` is the Organization version the administrator edited. */
export function saveCapability(office: string, version: number, capability: OfficeCapability): Promise<OfficeCapabilityRow> {
  return apiRequest<OfficeCapabilityRow>(`${OFFICES_PATH}/${encodeURIComponent(office.replace(/^Organization\//, ''))}/capability`, {
    method: 'PUT',
    body: { version, pllInUseSince: capability.pllInUseSince || null, eMultidoseConnectedSince: capability.eMultidoseConnectedSince || null, epjSystem: capability.epjSystem || null },
  });
}

/** Sends a CSV file's text; the API answers with what became of every row. */
export function importCapabilityCsv(csv: string): Promise<CapabilityImportReport> {
  return apiRequest<CapabilityImportReport>(`${OFFICES_PATH}/import`, { method: 'POST', body: { csv } });
}
