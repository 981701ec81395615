import { CONTACT_ATTEMPT_RESULTS } from '@app/fhir/referrals';
import { FormEvent, useId, useState } from 'react';
import { CodeSelect } from '../CodeSelect';
import { HintedTextarea } from '../HintedTextarea';
import { addContactAttempt } from '../referral-api';
import { useReferralTexts } from '../referral.texts';
import { useBusyAction } from '../use-busy-action';

/** One attempt to reach the patient: how it went and, if there is something to say, a note. */
export function ContactAttemptForm({ caseId, version, onDone }: { caseId: string; version: number; onDone(error?: Error): Promise<void> }) {
  const { r } = useReferralTexts();
  const id = useId();
  const [result, setResult] = useState('');
  const [note, setNote] = useState('');
  const { busy, run } = useBusyAction(onDone);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!result) return;
    const saved = await run(() => addContactAttempt(caseId, { version, result, ...(note.trim() ? { note: note.trim() } : {}) }));
    if (saved) {
      setResult('');
      setNote('');
    }
  };

  return (
    <form className="action-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{r.addAttempt}</h3>
      <CodeSelect id={`${id}-result`} label={r.attemptResult} placeholder={r.chooseResult} table={CONTACT_ATTEMPT_RESULTS} value={result} onChange={setResult} />
      <HintedTextarea id={`${id}-note`} label={r.attemptNote} hint={r.attemptNoteHint} value={note} onChange={setNote} />
      <button type="submit" className="primary" disabled={busy || !result}>
        {r.addAttempt}
      </button>
    </form>
  );
}
