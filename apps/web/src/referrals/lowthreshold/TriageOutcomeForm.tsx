import { TRIAGE_OUTCOMES, TriageOutcome } from '@app/fhir/referrals';
import { FormEvent, useId, useState } from 'react';
import { CodeSelect } from '../CodeSelect';
import { HintedTextarea } from '../HintedTextarea';
import { recordTriageOutcome } from '../referral-api';
import { useReferralTexts } from '../referral.texts';
import { useBusyAction } from '../use-busy-action';

/**
 * Closing a case with what it came to (the outcomes table says which need words: which service, where);
 * "Fikk ikke kontakt" only after at least one recorded attempt.
 */
export function TriageOutcomeForm({ caseId, version, attempts, onDone }: { caseId: string; version: number; attempts: number; onDone(error?: Error): Promise<void> }) {
  const { r } = useReferralTexts();
  const id = useId();
  const [outcome, setOutcome] = useState('');
  const [text, setText] = useState('');
  const { busy, run } = useBusyAction(onDone);
  const needsText = Boolean(outcome && TRIAGE_OUTCOMES[outcome as TriageOutcome]?.needsText);
  const needsAttempt = outcome === TriageOutcome.NotReached && attempts === 0;
  const ready = Boolean(outcome) && (!needsText || text.trim().length > 0) && !needsAttempt;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    void run(() => recordTriageOutcome(caseId, { version, outcome, ...(text.trim() ? { text: text.trim() } : {}) }));
  };

  return (
    <form className="action-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{r.outcomeTitle}</h3>
      <CodeSelect
        id={`${id}-outcome`}
        label={r.outcome}
        placeholder={r.chooseOutcome}
        table={TRIAGE_OUTCOMES}
        value={outcome}
        onChange={setOutcome}
        describedBy={needsAttempt ? `${id}-attempt-hint` : undefined}
      />
      {needsAttempt && (
        <p className="field-error" id={`${id}-attempt-hint`}>
          {r.outcomeNeedsAttempt}
        </p>
      )}
      <HintedTextarea id={`${id}-text`} label={r.outcomeText} hint={r.outcomeTextHint} value={text} onChange={setText} required={needsText} />
      <button type="submit" className="primary" disabled={busy || !ready}>
        {r.saveOutcome}
      </button>
    </form>
  );
}
