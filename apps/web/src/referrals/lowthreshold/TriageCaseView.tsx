import type { TriageCaseDetail } from '@app/fhir/api/referral-answers';
import { useState } from 'react';
import { useReferenceNames } from '../../api/reference-names';
import { useApi } from '../../api/use-api';
import { ActionMessage, ActionMessageValue } from '../../components/ActionMessage';
import { ErrorMessage, Loading } from '../../components/StateViews';
import { useLanguage } from '../../i18n/LanguageProvider';
import { formatDate, formatDateTime } from '../../i18n/format';
import { useLiveNotifications } from '../../live/LiveProvider';
import { Link } from '../../routing/router';
import { actionOutcome } from '../action-outcome';
import { casePath, claimCase, releaseCase } from '../referral-api';
import { rejectionReasonLabel, triageOutcomeLabel } from '../referral-labels';
import { useReferralTexts } from '../referral.texts';
import { useBusyAction } from '../use-busy-action';
import { ContactAttemptForm } from './ContactAttemptForm';
import { ContactLog } from './ContactLog';
import { TriageOutcomeForm } from './TriageOutcomeForm';
import { QUEUE_PATH } from './triage-links';

/**
 * One case: why the GP referred and why the hospital said no, who has it, the contact log, and – for the
 * one who took it – the forms for an attempt and for the outcome that closes it.
 */
export function TriageCaseView({ id }: { id: string }) {
  const { r, language } = useReferralTexts();
  const { t } = useLanguage();
  const detail = useApi<TriageCaseDetail>(casePath(id));
  const [message, setMessage] = useState<ActionMessageValue>();
  useLiveNotifications(() => void detail.reload());
  const triage = detail.data?.case;
  const referral = detail.data?.referral;
  const names = useReferenceNames([
    triage?.hospitalUnit && !triage.hospitalUnit.display ? triage.hospitalUnit.reference : undefined,
    referral?.referrer && !referral.referrer.display ? referral.referrer.reference : undefined,
  ]);

  const doneWith = (done: string) => async (error?: Error) => {
    await detail.reload();
    setMessage(actionOutcome(error, done, r.staleVersion));
  };
  const claim = useBusyAction(doneWith(r.claimed));
  const release = useBusyAction(doneWith(r.released));
  const busy = claim.busy || release.busy;

  const back = (
    <Link to={QUEUE_PATH} className="back-link">
      {r.backToQueue}
    </Link>
  );
  if (!detail.data) {
    return (
      <section className="page lowthreshold-case">
        {back}
        {detail.loading && <Loading />}
        {detail.error && <ErrorMessage error={detail.error} onRetry={detail.reload} />}
      </section>
    );
  }
  const { case: current, contactAttempts } = detail.data;
  const patient = current.patient?.name ?? t.common.patientUnknown;
  const mine = current.status === 'in-progress' && current.claimedByMe;
  const unit = current.hospitalUnit && (current.hospitalUnit.display ?? names.get(current.hospitalUnit.reference) ?? current.hospitalUnit.reference);
  const referrer = detail.data.referral.referrer && (detail.data.referral.referrer.display ?? names.get(detail.data.referral.referrer.reference));

  return (
    <section className="page lowthreshold-case">
      {back}
      <header className="page-header with-action">
        <div>
          <h1>{r.caseTitle(patient)}</h1>
          {current.patient?.birthDate && (
            <p className="lead">
              {t.common.born} {formatDate(current.patient.birthDate, language)}
            </p>
          )}
        </div>
        <span>
          {current.urgent && <span className="tag urgent">{r.urgent}</span>}{' '}
          <span className={`status status-${current.status}`}>
            {current.status === 'requested' ? r.free : current.status === 'in-progress' ? (mine ? r.takenByMe : r.takenBy(current.claimedBy)) : (t.status[current.status] ?? current.status)}
          </span>
        </span>
      </header>
      <ActionMessage message={message} />
      <section className="panel" aria-labelledby="case-facts-title">
        <h2 id="case-facts-title" className="visually-hidden">
          {r.caseTitle(patient)}
        </h2>
        <dl className={`consultation-facts${current.overdue ? ' overdue' : ''}`}>
          <dt>{r.caseColumns.deadline}</dt>
          <dd>
            {formatDate(current.deadline, language)} {current.overdue && <span className="tag alert">{r.overdue}</span>}
          </dd>
          <dt>{r.referralReason}</dt>
          <dd className="quote" data-testid="case-referral-reason">
            {detail.data.referral.reasonText ?? '–'}
          </dd>
          <dt>{r.columns.rejection}</dt>
          <dd data-testid="case-rejection">
            {current.rejection ? rejectionReasonLabel(current.rejection.reason, language, current.rejection.display) : '–'}
            {current.rejection?.text ? ` – ${current.rejection.text}` : ''}
            {unit ? ` (${unit})` : ''}
          </dd>
          <dt>{r.referredBy}</dt>
          <dd>{referrer ?? '–'}</dd>
          <dt>{r.referredAt}</dt>
          <dd>{formatDateTime(detail.data.referral.sentAt, language)}</dd>
          <dt>{r.routedAt}</dt>
          <dd>{formatDateTime(current.routedAt, language)}</dd>
          {current.claimedBy && (
            <>
              <dt>{r.claimedBy}</dt>
              <dd>{current.claimedBy}</dd>
            </>
          )}
          {current.outcome && (
            <>
              <dt>{r.outcome}</dt>
              <dd data-testid="case-outcome">
                {triageOutcomeLabel(current.outcome.code, language, current.outcome.display)}
                {current.outcome.text ? ` – ${current.outcome.text}` : ''}
              </dd>
            </>
          )}
        </dl>
        {current.status === 'requested' && (
          <>
            <p className="hint">{r.claimFirst}</p>
            <button type="button" className="primary" disabled={busy} onClick={() => void claim.run(() => claimCase(current))}>
              {r.claim}
            </button>
          </>
        )}
        {current.status === 'in-progress' && !mine && <p className="notice warning">{r.someoneElse(current.claimedBy)}</p>}
        {mine && (
          <button type="button" disabled={busy} onClick={() => void release.run(() => releaseCase(current))}>
            {r.release}
          </button>
        )}
      </section>
      <section className="panel" aria-labelledby="contact-log-title">
        <h2 id="contact-log-title">{r.contactLog}</h2>
        <ContactLog attempts={contactAttempts} />
      </section>
      {mine && (
        <div className="task-panel-actions">
          <ContactAttemptForm caseId={current.id} version={current.version} onDone={doneWith(r.attemptSaved)} />
          <TriageOutcomeForm caseId={current.id} version={current.version} attempts={contactAttempts.length} onDone={doneWith(r.outcomeSaved)} />
        </div>
      )}
    </section>
  );
}
