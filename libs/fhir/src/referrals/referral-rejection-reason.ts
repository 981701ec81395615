/**
 * Why a hospital rejected a referral: a Bro CodeSystem carried in the rejected referral Task's
 * `statusReason` (with free text beside it). Routing rules and the quality team's figures go by these
 * codes, so they are stable.
 */
export const REJECTION_REASON_SYSTEM = 'urn:bro:referral-rejection-reason';

export enum RejectionReason {
  NotPrioritised = 'IKKE-PRIORITERT',
  PrimaryCare = 'PRIMAERHELSETJENESTE',
  InsufficientInformation = 'MANGELFULL-INFORMASJON',
  Other = 'ANNET',
}

export const REJECTION_REASONS: Record<RejectionReason, { display: string; displayEn: string; definition: string }> = {
  [RejectionReason.NotPrioritised]: {
    display: 'Oppfyller ikke prioriteringskriteriene',
    displayEn: 'Does not meet the priority criteria',
    definition: 'The patient has no right to specialist care under the priority guidelines',
  },
  [RejectionReason.PrimaryCare]: {
    display: 'Hører hjemme i primærhelsetjenesten',
    displayEn: 'Belongs to primary care',
    definition: 'The need is best met by the municipality or the GP',
  },
  [RejectionReason.InsufficientInformation]: {
    display: 'Mangelfull informasjon i henvisningen',
    displayEn: 'Insufficient information',
    definition: 'The referral lacks what the hospital needs to assess it',
  },
  [RejectionReason.Other]: { display: 'Annet', displayEn: 'Other', definition: 'Another reason, given as free text in statusReason.text' },
};

export function isRejectionReason(value: unknown): value is RejectionReason {
  return typeof value === 'string' && Object.values(RejectionReason).includes(value as RejectionReason);
}
