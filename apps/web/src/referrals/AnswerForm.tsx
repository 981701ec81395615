import type { ReferralSummary } from '@app/fhir/api/referral-answers';
import { REFERRAL_ANSWERS, REJECTION_REASONS, ReferralAnswer, RejectionReason } from '@app/fhir/referrals';
import { FormEvent, useId, useState } from 'react';
import { CodeSelect } from './CodeSelect';
import { HintedTextarea } from './HintedTextarea';
import { answerReferral } from './referral-api';
import { useReferralTexts } from './referral.texts';
import { useBusyAction } from './use-busy-action';

/**
 * The hospital unit's answer to a referral, coded from Volven 9148; a rejection needs a coded reason,
 * and "Annet" needs words. Folded, so answering takes a deliberate step.
 */
export function AnswerForm({ referral, onDone }: { referral: ReferralSummary; onDone(error?: Error): Promise<void> }) {
  const { r } = useReferralTexts();
  const id = useId();
  const [answer, setAnswer] = useState('');
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const { busy, run } = useBusyAction(onDone);
  const rejecting = answer === ReferralAnswer.Rejected;
  const ready = Boolean(answer) && (!rejecting || (Boolean(reason) && (reason !== RejectionReason.Other || text.trim().length > 0)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    const rejection = rejecting ? { reason, ...(text.trim() ? { reasonText: text.trim() } : {}) } : {};
    void run(() => answerReferral(referral.id, { version: referral.version, answer, ...rejection }));
  };

  return (
    <details className="answer-referral">
      <summary>{r.answerReferral}</summary>
      <form className="action-form" onSubmit={submit} aria-label={r.answerReferral}>
        <CodeSelect id={`${id}-answer`} label={r.answer} placeholder={r.chooseAnswer} table={REFERRAL_ANSWERS} value={answer} onChange={setAnswer} withCode />
        {rejecting && (
          <>
            <CodeSelect id={`${id}-reason`} label={r.rejectionReason} placeholder={r.chooseReason} table={REJECTION_REASONS} value={reason} onChange={setReason} />
            <HintedTextarea id={`${id}-text`} label={r.rejectionText} hint={r.rejectionTextHint} value={text} onChange={setText} required={reason === RejectionReason.Other} rows={3} />
          </>
        )}
        <button type="submit" className={rejecting ? 'danger' : 'primary'} disabled={busy || !ready}>
          {r.sendAnswer}
        </button>
      </form>
    </details>
  );
}
