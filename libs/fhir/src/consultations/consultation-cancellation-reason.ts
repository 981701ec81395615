import { CodeableConcept } from '../fhir-types';

/**
 * Why a joint consultation was cancelled (Appointment.cancelationReason, R4's spelling). HL7's example code
 * system covers the patient, the provider and an error; Bro adds the reasons a discharge consultation
 * actually ends on and that HL7 has no code for. Codes are stable: the quality team counts by them.
 */
export const HL7_CANCELLATION_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason';
export const BRO_CANCELLATION_REASON_SYSTEM = 'urn:bro:consultation-cancellation-reason';

export interface CancellationReason {
  system: string;
  code: string;
  display: string;
  displayEn: string;
  definition: string;
}

export const CANCELLATION_REASONS: readonly CancellationReason[] = [
  { system: HL7_CANCELLATION_REASON_SYSTEM, code: 'pat', display: 'Pasienten avlyste', displayEn: 'Patient', definition: 'The patient cancelled or cannot come' },
  { system: HL7_CANCELLATION_REASON_SYSTEM, code: 'pat-dec', display: 'Pasienten er død', displayEn: 'Patient: Deceased', definition: 'The patient has died' },
  { system: HL7_CANCELLATION_REASON_SYSTEM, code: 'prov', display: 'Behandler avlyste', displayEn: 'Provider', definition: 'The hospital doctor or the GP cancelled' },
  { system: HL7_CANCELLATION_REASON_SYSTEM, code: 'oth-err', display: 'Registrert ved en feil', displayEn: 'Other: Error', definition: 'Planned by mistake' },
  { system: HL7_CANCELLATION_REASON_SYSTEM, code: 'other', display: 'Annet', displayEn: 'Other', definition: 'Another reason, given as free text in cancelationReason.text' },
  {
    system: BRO_CANCELLATION_REASON_SYSTEM,
    code: 'INGEN-FELLES-TID',
    display: 'Ingen felles tid',
    displayEn: 'No common time',
    definition: 'The participants found no time they could all attend before follow-up had to start',
  },
  {
    system: BRO_CANCELLATION_REASON_SYSTEM,
    code: 'AVSLATT',
    display: 'Avslått av deltaker',
    displayEn: 'Declined by a participant',
    definition: 'A required participant (usually the GP) declined the consultation itself, not just the times',
  },
  {
    system: BRO_CANCELLATION_REASON_SYSTEM,
    code: 'IKKE-BEHOV',
    display: 'Ikke lenger behov',
    displayEn: 'No longer needed',
    definition: 'The split of follow-up was agreed without a meeting',
  },
  {
    system: BRO_CANCELLATION_REASON_SYSTEM,
    code: 'REINNLAGT',
    display: 'Pasienten er innlagt igjen',
    displayEn: 'Patient readmitted',
    definition: 'The patient was admitted again before the consultation',
  },
];

export function cancellationReasonOf(concept: CodeableConcept | undefined): CancellationReason | undefined {
  for (const coding of concept?.coding ?? []) {
    const reason = CANCELLATION_REASONS.find((known) => known.system === coding?.system && known.code === coding.code);
    if (reason) return reason;
  }
  return undefined;
}

/** Why a cancellation's reason will not do, or undefined when it names a known reason (with text where "other" needs it). */
export function cancellationReasonProblem(concept: CodeableConcept | undefined): string | undefined {
  const reason = cancellationReasonOf(concept);
  if (!reason) return `a cancelled consultation needs Appointment.cancelationReason coded from ${HL7_CANCELLATION_REASON_SYSTEM} or ${BRO_CANCELLATION_REASON_SYSTEM}`;
  if (reason.code === 'other' && !concept?.text?.trim()) return 'cancellation reason "other" needs the reason as text in Appointment.cancelationReason.text';
  return undefined;
}
