import {
  CONTACT_ATTEMPT_RESULTS,
  REFERRAL_ANSWERS,
  REJECTION_REASONS,
  TRIAGE_OUTCOMES,
} from '@app/fhir/referrals';
import type { Language } from '../i18n/dictionary';

/**
 * The names of the referral workflow's codes in the user's language, from the shared code tables
 * (libs/fhir/src/referrals); the API's display (or the code) where the table does not know it.
 */
type Named = { display: string; displayEn: string };

function labelFrom(table: Record<string, Named>, code: string | undefined, language: Language, fallback?: string): string {
  if (!code) return fallback ?? '';
  const known = table[code];
  if (!known) return fallback ?? code;
  return language === 'en' ? known.displayEn : known.display;
}

/** Volven 9148: the hospital's answer. */
export const answerLabel = (code: string | undefined, language: Language, fallback?: string) => labelFrom(REFERRAL_ANSWERS, code, language, fallback);

export const rejectionReasonLabel = (code: string | undefined, language: Language, fallback?: string) => labelFrom(REJECTION_REASONS, code, language, fallback);

export const triageOutcomeLabel = (code: string | undefined, language: Language, fallback?: string) => labelFrom(TRIAGE_OUTCOMES, code, language, fallback);

export const contactResultLabel = (code: string | undefined, language: Language, fallback?: string) => labelFrom(CONTACT_ATTEMPT_RESULTS, code, language, fallback);

/** A code table as choices for a <select>, in the table's order. */
export function choicesOf(table: Record<string, Named>, language: Language): Array<{ code: string; label: string }> {
  return Object.keys(table).map((code) => ({ code, label: labelFrom(table, code, language) }));
}
