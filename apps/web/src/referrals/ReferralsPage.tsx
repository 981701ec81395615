import type { ReferralPage, ReferralSummary } from '@app/fhir/api/referral-answers';
import { isUnansweredReferralStatus } from '@app/fhir/referrals';
import type { TaskStatus } from '@app/fhir/transfers/task-status.rules';
import { useState } from 'react';
import { useApi } from '../api/use-api';
import { useSession } from '../auth/AuthProvider';
import { ActionMessage, ActionMessageValue } from '../components/ActionMessage';
import { useLiveNotifications } from '../live/LiveProvider';
import { setQuery, useLocation } from '../routing/router';
import { actionOutcome } from './action-outcome';
import { AnswerForm } from './AnswerForm';
import { referralListPath } from './referral-api';
import { useReferralTexts } from './referral.texts';
import { ReferralList } from './ReferralList';
import { SendReferralForm } from './SendReferralForm';
import { WithdrawForm, mayWithdraw } from './WithdrawForm';

/**
 * Referrals, newest first and live (each step notifies the other side). The GP's "Mine henvisninger": send,
 * withdraw, and see the hospital's answer and – when rejected – the patient's way through the low-threshold
 * service. The hospital unit's "Mottatte henvisninger": the unanswered ones with the answer form.
 */
export function ReferralsPage() {
  const { r } = useReferralTexts();
  const { role } = useSession();
  const hospital = role === 'coordinator';
  const { query } = useLocation();
  const page = Math.max(1, Number(query.get('page')) || 1);
  const list = useApi<ReferralPage>(referralListPath(page));
  const [message, setMessage] = useState<ActionMessageValue>();
  useLiveNotifications(() => void list.reload());

  const doneWith = (done: string) => async (error?: Error) => {
    await list.reload();
    setMessage(actionOutcome(error, done, r.staleVersion));
  };
  const sent = doneWith(r.sent);
  const withdrawn = doneWith(r.withdrawn);
  const answered = doneWith(r.answered);
  const actions = (referral: ReferralSummary) => {
    if (hospital) return isUnansweredReferralStatus(referral.status as TaskStatus) ? <AnswerForm referral={referral} onDone={answered} /> : null;
    return mayWithdraw(referral) ? <WithdrawForm referral={referral} onDone={withdrawn} /> : null;
  };

  return (
    <section className="page referrals">
      <header className="page-header">
        <h1>{hospital ? r.receivedTitle : r.gpTitle}</h1>
        <p className="lead">{hospital ? r.receivedLead : r.gpLead}</p>
      </header>
      <ActionMessage message={message} />
      {!hospital && (
        <SendReferralForm
          onDone={async (error) => {
            // The new referral is the newest: show the first page.
            if (!error && page !== 1) setQuery({});
            await sent(error);
          }}
        />
      )}
      <ReferralList
        id={hospital ? 'referrals-received' : 'referrals-sent'}
        title={hospital ? r.receivedList : r.sentList}
        empty={hospital ? r.receivedEmpty : r.sentEmpty}
        list={list}
        showReferrer={hospital}
        actions={actions}
        onPage={(next) => setQuery({ page: String(next) })}
      />
    </section>
  );
}
