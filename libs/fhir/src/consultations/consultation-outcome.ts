/**
 * What a joint consultation agreed for each hand-over Task of the discharge: the hospital keeps it (the
 * GP's Task is cancelled with this reason and a hospital-owned Task replaces it, linked), or the GP takes
 * it (the Task is accepted). Carried as the Task's statusReason so the board can count the split and
 * compare contested shares with and without a consultation. Codes are stable.
 */
export const CONSULTATION_OUTCOME_SYSTEM = 'urn:bro:consultation-outcome';

export enum ConsultationOutcome {
  HospitalKeepsIt = 'SYKEHUSET-BEHOLDER',
  GpTakesIt = 'FASTLEGEN-OVERTAR',
}

export const CONSULTATION_OUTCOMES: Record<ConsultationOutcome, { display: string; displayEn: string; definition: string; taskStatus: 'cancelled' | 'accepted' }> = {
  [ConsultationOutcome.HospitalKeepsIt]: {
    display: 'Sykehuset beholder oppgaven',
    displayEn: 'Hospital keeps it',
    definition: 'Agreed in the joint consultation: the hospital does this task; a hospital-owned Task replaces the GP\'s',
    taskStatus: 'cancelled',
  },
  [ConsultationOutcome.GpTakesIt]: {
    display: 'Fastlegen overtar oppgaven',
    displayEn: 'GP takes it',
    definition: 'Agreed in the joint consultation: the GP does this task',
    taskStatus: 'accepted',
  },
};

/** On each Task changed by an outcome: the consultation (Appointment) where the split was agreed. */
export const AGREED_IN_CONSULTATION_EXTENSION = 'urn:bro:extension:agreed-in-consultation';

export function isConsultationOutcome(value: unknown): value is ConsultationOutcome {
  return typeof value === 'string' && Object.values(ConsultationOutcome).includes(value as ConsultationOutcome);
}
