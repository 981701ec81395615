import type { ConsultationSummary } from '@app/fhir/api/consultation-answers';
import { CANCELLATION_REASONS } from '@app/fhir/consultations';
import { FormEvent, useId, useState } from 'react';
import { useLanguage } from '../i18n/LanguageProvider';
import { cancelConsultation } from './consultation-api';

/**
 * The coordinator calls a consultation off with one of the coded reasons (the quality team counts by them);
 * "Annet" needs words. Folded, so calling off takes a deliberate second step.
 */
export function CancelForm({ consultation, onDone }: { consultation: ConsultationSummary; onDone(error?: Error): Promise<void> }) {
  const { t, language } = useLanguage();
  const c = t.consultations;
  const id = useId();
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const ready = Boolean(reason) && (reason !== 'other' || text.trim().length > 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    let failure: Error | undefined;
    try {
      await cancelConsultation(consultation.id, { version: consultation.version, reason, ...(text.trim() ? { text: text.trim() } : {}) });
    } catch (error) {
      failure = error as Error;
    }
    await onDone(failure);
    setBusy(false);
  };

  return (
    <details className="cancel-consultation">
      <summary>{c.cancel}</summary>
      <form className="action-form" onSubmit={submit} aria-label={c.cancel}>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{c.cancelReason}</label>
          <select id={`${id}-reason`} required value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">{c.chooseReason}</option>
            {CANCELLATION_REASONS.map((known) => (
              <option key={known.code} value={known.code}>
                {language === 'en' ? known.displayEn : known.display}
              </option>
            ))}
          </select>
        </div>
        <label htmlFor={`${id}-text`}>{c.cancelText}</label>
        <p className="hint" id={`${id}-text-hint`}>
          {c.cancelTextHint}
        </p>
        <textarea id={`${id}-text`} aria-describedby={`${id}-text-hint`} value={text} onChange={(e) => setText(e.target.value)} required={reason === 'other'} maxLength={2000} rows={2} />
        <button type="submit" className="danger" disabled={busy || !ready}>
          {c.confirmCancel}
        </button>
      </form>
    </details>
  );
}
