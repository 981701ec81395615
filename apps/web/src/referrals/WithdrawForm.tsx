import type { ReferralSummary } from '@app/fhir/api/referral-answers';
import { referralTransitionsFrom } from '@app/fhir/referrals';
import type { TaskStatus } from '@app/fhir/transfers/task-status.rules';
import { FormEvent } from 'react';
import { withdrawReferral } from './referral-api';
import { useReferralTexts } from './referral.texts';
import { useBusyAction } from './use-busy-action';

/** Whether the referring GP may still withdraw it (the referral rules table says, not this view). */
export function mayWithdraw(referral: ReferralSummary): boolean {
  return referralTransitionsFrom(referral.status as TaskStatus).some((move) => move.to === 'cancelled' && move.by.includes('requester'));
}

/** The GP withdraws a referral that is still open: folded, so it takes a deliberate second step. */
export function WithdrawForm({ referral, onDone }: { referral: ReferralSummary; onDone(error?: Error): Promise<void> }) {
  const { r } = useReferralTexts();
  const { busy, run } = useBusyAction(onDone);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => withdrawReferral(referral));
  };
  return (
    <details className="withdraw-referral">
      <summary>{r.withdraw}</summary>
      <form className="action-form" onSubmit={submit} aria-label={r.withdraw}>
        <p className="hint">{r.withdrawHint}</p>
        <button type="submit" className="danger" disabled={busy}>
          {r.confirmWithdraw}
        </button>
      </form>
    </details>
  );
}
