import type { ReferralSummary } from '@app/fhir/api/referral-answers';
import { formatDate } from '../i18n/format';
import { triageOutcomeLabel } from './referral-labels';
import { useReferralTexts } from './referral.texts';

/**
 * Where a rejected referral's patient is in the low-threshold service: in the queue, taken by someone,
 * closed with an outcome, or never sent there (the patient objected, or no routing rule took it).
 */
export function TriageProgress({ referral }: { referral: ReferralSummary }) {
  const { r, language } = useReferralTexts();
  const triage = referral.triage;
  if (!triage) return <p className="triage-progress">{referral.patientObjectsToContact ? r.triageObjected : r.triageNotRouted}</p>;
  const service = triage.service.display ?? r.lowThresholdService;
  const deadline = formatDate(triage.deadline, language);
  const overdue = triage.overdue && <span className="tag alert">{r.overdue}</span>;
  if (triage.status === 'requested') {
    return (
      <p className="triage-progress">
        {r.triageQueued(service, deadline)} {overdue}
      </p>
    );
  }
  if (triage.status === 'in-progress') {
    return (
      <p className="triage-progress">
        {r.triageTaken(service, triage.claimedBy, deadline)} {overdue}
      </p>
    );
  }
  if (triage.status === 'completed' && triage.outcome) {
    return (
      <div className="triage-progress">
        <p>
          <strong>{r.triageOutcome}:</strong> {triageOutcomeLabel(triage.outcome.code, language, triage.outcome.display)}
          {triage.outcome.text ? ` – ${triage.outcome.text}` : ''}
        </p>
        {triage.closedAt && <p className="hint">{r.closedOn(formatDate(triage.closedAt, language))}</p>}
      </div>
    );
  }
  return <p className="triage-progress">{r.triageCancelled}</p>;
}
