import { SetMetadata } from '@nestjs/common';
import { AuditEntry } from './audit-trail.service';

export const PATIENT_DATA_KEY = 'bro:patient-data';

/**
 * What a route does with patient data, declared on every HTTP handler (or its controller): Bro
 * refuses to start when a route declares nothing (see PatientDataDeclarationsCheck), so a new
 * endpoint cannot forget the audit trail.
 * - `returns`: the answer holds patient data; the interceptor audits what `entriesOf` finds in it
 *   before the answer is sent, in one INSERT.
 * - `audited-inside`: every read and write goes through FhirService (or the gate of its own
 *   feature), which applies the access policy and audits; `where` says which.
 * - `none`: no patient-level data in or out (directory, aggregates, health).
 */
export type PatientDataDeclaration =
  | { kind: 'returns'; entriesOf: (answer: unknown) => AuditEntry[] }
  | { kind: 'audited-inside'; where: string }
  | { kind: 'none'; why: string };

/** The answer holds patient data: audit what `entriesOf` finds in it. */
export function ReturnsPatientData<T>(entriesOf: (answer: T) => AuditEntry[]) {
  return SetMetadata<string, PatientDataDeclaration>(PATIENT_DATA_KEY, { kind: 'returns', entriesOf: entriesOf as (answer: unknown) => AuditEntry[] });
}

/** Patient data is read and written only through a service that applies the policy and audits. */
export function PatientDataAuditedInside(where: string) {
  return SetMetadata<string, PatientDataDeclaration>(PATIENT_DATA_KEY, { kind: 'audited-inside', where });
}

/** No patient-level data in or out. */
export function NoPatientData(why: string) {
  return SetMetadata<string, PatientDataDeclaration>(PATIENT_DATA_KEY, { kind: 'none', why });
}
