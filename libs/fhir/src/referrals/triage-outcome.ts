/**
 * What the low-threshold service's triage of a rejected referral came to: a Bro CodeSystem carried as
 * the triage Task's output (`Task.output` of type {@link TRIAGE_OUTCOME_OUTPUT}). The municipality
 * counts what became of these patients by these codes, so they are stable.
 */
export const TRIAGE_OUTCOME_SYSTEM = 'urn:bro:lowthreshold-outcome';
export const TASK_OUTPUT_SYSTEM = 'urn:bro:task-output';
export const TRIAGE_OUTCOME_OUTPUT = 'lowthreshold-outcome';

export enum TriageOutcome {
  MunicipalService = 'KOMMUNALT-TILBUD',
  SecondAssessment = 'FORNYET-VURDERING',
  ComplaintGuidance = 'KLAGEVEILEDNING',
  ReferredElsewhere = 'HENVIST-ANNET',
  NoNeed = 'INGEN-BEHOV',
  NotReached = 'IKKE-NADD',
}

export const TRIAGE_OUTCOMES: Record<TriageOutcome, { display: string; displayEn: string; definition: string; needsText: boolean }> = {
  [TriageOutcome.MunicipalService]: {
    display: 'Tilbudt kommunalt tilbud',
    displayEn: 'Offered a municipal service',
    definition: 'The patient was offered a municipal service; which one is named in the text',
    needsText: true,
  },
  [TriageOutcome.SecondAssessment]: {
    display: 'Hjulpet med fornyet vurdering',
    displayEn: 'Helped to ask for a second assessment',
    definition: 'The patient was helped to ask for a second assessment (fornyet vurdering)',
    needsText: false,
  },
  [TriageOutcome.ComplaintGuidance]: {
    display: 'Veiledet om klage til Statsforvalteren',
    displayEn: 'Guided to complain to the county governor',
    definition: 'The patient was guided to complain to Statsforvalteren',
    needsText: false,
  },
  [TriageOutcome.ReferredElsewhere]: {
    display: 'Henvist annet sted',
    displayEn: 'Referred elsewhere',
    definition: 'The patient was referred to another service; which one is named in the text',
    needsText: true,
  },
  [TriageOutcome.NoNeed]: { display: 'Ikke behov', displayEn: 'No need', definition: 'The patient needed nothing more', needsText: false },
  [TriageOutcome.NotReached]: {
    display: 'Fikk ikke kontakt',
    displayEn: 'Could not reach',
    definition: 'The patient could not be reached after the recorded contact attempts',
    needsText: false,
  },
};

export function isTriageOutcome(value: unknown): value is TriageOutcome {
  return typeof value === 'string' && Object.values(TriageOutcome).includes(value as TriageOutcome);
}

/** How one contact attempt went (a `Task.note` carrying {@link CONTACT_ATTEMPT_EXTENSION}). */
export const CONTACT_ATTEMPT_RESULT_SYSTEM = 'urn:bro:contact-attempt-result';

export enum ContactAttemptResult {
  Reached = 'reached',
  NotReached = 'not-reached',
  MessageLeft = 'message-left',
}

export const CONTACT_ATTEMPT_RESULTS: Record<ContactAttemptResult, { display: string; displayEn: string }> = {
  [ContactAttemptResult.Reached]: { display: 'Fikk kontakt', displayEn: 'Reached' },
  [ContactAttemptResult.NotReached]: { display: 'Fikk ikke kontakt', displayEn: 'Not reached' },
  [ContactAttemptResult.MessageLeft]: { display: 'La igjen beskjed', displayEn: 'Message left' },
};

export function isContactAttemptResult(value: unknown): value is ContactAttemptResult {
  return typeof value === 'string' && Object.values(ContactAttemptResult).includes(value as ContactAttemptResult);
}
