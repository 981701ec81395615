import type { ReferralSummary } from '@app/fhir/api/referral-answers';
import { ReactNode } from 'react';
import { useReferenceNames } from '../api/reference-names';
import { PatientCell } from '../components/PatientCell';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDate, formatDateTime } from '../i18n/format';
import { answerLabel, rejectionReasonLabel } from './referral-labels';
import { useReferralTexts } from './referral.texts';
import { TriageProgress } from './TriageProgress';

/**
 * One referral as the GP and the hospital unit see it: status, unit (or referrer), dates with the
 * assessment deadline (flagged when passed unanswered), the answer and, when rejected, why and what
 * became of the patient in the low-threshold service; `children` holds what the viewer can do with it.
 */
export function ReferralCard({ referral, showReferrer = false, children }: { referral: ReferralSummary; showReferrer?: boolean; children?: ReactNode }) {
  const { r, language } = useReferralTexts();
  const { t } = useLanguage();
  const names = useReferenceNames([referral.hospitalUnit.display ? undefined : referral.hospitalUnit.reference, referral.referrer?.display ? undefined : referral.referrer?.reference]);
  const patient = referral.patient?.name ?? t.common.patientUnknown;
  const unit = referral.hospitalUnit.display ?? names.get(referral.hospitalUnit.reference) ?? referral.hospitalUnit.reference;
  const referrer = referral.referrer && (referral.referrer.display ?? names.get(referral.referrer.reference) ?? referral.referrer.reference);

  return (
    <article className={`referral-card${referral.assessmentOverdue ? ' overdue' : ''}`} data-referral-id={referral.id} aria-label={patient}>
      <header className="consultation-card-header">
        <h3>
          <PatientCell patient={referral.patient} />
        </h3>
        <span>
          {referral.urgent && <span className="tag urgent">{r.urgent}</span>}{' '}
          <span className={`status status-${referral.status}`}>{r.referralStatus[referral.status] ?? referral.status}</span>
        </span>
      </header>
      <dl className="consultation-facts">
        {showReferrer && (
          <>
            <dt>{r.columns.referrer}</dt>
            <dd>{referrer ?? '–'}</dd>
          </>
        )}
        <dt>{r.columns.unit}</dt>
        <dd>{unit}</dd>
        <dt>{r.columns.sentAt}</dt>
        <dd>{formatDateTime(referral.sentAt, language)}</dd>
        <dt>{r.columns.deadline}</dt>
        <dd>
          {formatDate(referral.assessmentDeadline, language)} {referral.assessmentOverdue && <span className="tag alert">{r.overdue}</span>}
        </dd>
        {referral.reasonText && (
          <>
            <dt>{r.columns.reason}</dt>
            <dd className="quote">{referral.reasonText}</dd>
          </>
        )}
        <dt>{r.columns.answer}</dt>
        <dd data-testid="referral-answer">
          {referral.answer ? (
            <>
              {answerLabel(referral.answer.code, language, referral.answer.display)}
              {referral.answer.answeredAt && <span className="hint"> {r.answeredOn(formatDate(referral.answer.answeredAt, language))}</span>}
            </>
          ) : (
            r.notAnswered
          )}
        </dd>
        {referral.rejection && (
          <>
            <dt>{r.columns.rejection}</dt>
            <dd data-testid="referral-rejection">
              {rejectionReasonLabel(referral.rejection.reason, language, referral.rejection.display)}
              {referral.rejection.text ? ` – ${referral.rejection.text}` : ''}
            </dd>
          </>
        )}
        {referral.status === 'rejected' && (
          <>
            <dt>{r.columns.lowThreshold}</dt>
            <dd data-testid="referral-triage">
              <TriageProgress referral={referral} />
            </dd>
          </>
        )}
      </dl>
      {children}
    </article>
  );
}
