import { CONTEST_REASON_CODES } from '@app/fhir/transfers/contest-reason';
import { useLanguage } from '../i18n/LanguageProvider';
import { contestReasonLabel } from '../i18n/labels';

/** A wrong recipient is forwarded, not contested or cancelled (the API refuses it there), so it is not offered. */
const OFFERED_REASONS = CONTEST_REASON_CODES.filter((code) => code !== 'FEIL-MOTTAKER');

/** The reason and the GP's words about it, as the API takes them: words only when there are any. */
export function contestReasonInput(reason: string, text: string): Record<string, string> {
  return { reason, ...(text.trim() ? { text: text.trim() } : {}) };
}

/**
 * A contest reason and the GP's explanation ("Annet" needs one), as contesting a task and cancelling a new one
 * ask for them. `id` prefixes the fields' ids.
 */
export function ContestReasonFields({ id, reason, text, onReason, onText, disabled }: {
  id: string;
  reason: string;
  text: string;
  onReason(reason: string): void;
  onText(text: string): void;
  disabled?: boolean;
}) {
  const { t, language } = useLanguage();
  return (
    <>
      <label htmlFor={`${id}-reason`}>{t.actions.reason}</label>
      <select id={`${id}-reason`} value={reason} onChange={(e) => onReason(e.target.value)} required disabled={disabled}>
        <option value="">{t.actions.chooseReason}</option>
        {OFFERED_REASONS.map((code) => (
          <option key={code} value={code}>
            {contestReasonLabel(code, language)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-text`}>{reason === 'ANNET' ? t.actions.reasonTextRequired : t.actions.reasonText}</label>
      <textarea id={`${id}-text`} value={text} onChange={(e) => onText(e.target.value)} required={reason === 'ANNET'} maxLength={2000} rows={2} disabled={disabled} />
    </>
  );
}
