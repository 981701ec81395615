import type { TriageCaseSummary } from '@app/fhir/api/referral-answers';
import { useState } from 'react';
import { useReferenceNames } from '../../api/reference-names';
import { PatientCell } from '../../components/PatientCell';
import { useLanguage } from '../../i18n/LanguageProvider';
import { formatDate } from '../../i18n/format';
import { Link } from '../../routing/router';
import { rejectionReasonLabel, triageOutcomeLabel } from '../referral-labels';
import { useReferralTexts } from '../referral.texts';
import { caseLink } from './triage-links';

/** One row per case: the patient (a link to the case), deadline, who rejected and why, who has it, and "Ta saken" while free. */
export function TriageCaseTable({ cases, onClaim }: { cases: TriageCaseSummary[]; onClaim(triage: TriageCaseSummary): Promise<void> }) {
  const { r, language } = useReferralTexts();
  const { t } = useLanguage();
  const [busy, setBusy] = useState<string>();
  const names = useReferenceNames(cases.map((triage) => (triage.hospitalUnit?.display ? undefined : triage.hospitalUnit?.reference)));

  const stateOf = (triage: TriageCaseSummary): string => {
    if (triage.outcome) return triageOutcomeLabel(triage.outcome.code, language, triage.outcome.display);
    if (triage.status === 'in-progress') return triage.claimedByMe ? r.takenByMe : r.takenBy(triage.claimedBy);
    if (triage.status === 'requested') return r.free;
    return r.referralStatus[triage.status] ?? t.status[triage.status] ?? triage.status;
  };

  return (
    <table className="task-table triage-table">
      <thead>
        <tr>
          <th scope="col">{r.caseColumns.patient}</th>
          <th scope="col">{r.caseColumns.deadline}</th>
          <th scope="col">{r.caseColumns.unit}</th>
          <th scope="col">{r.caseColumns.reason}</th>
          <th scope="col">{r.caseColumns.state}</th>
          <th scope="col" className="number">
            {r.caseColumns.attempts}
          </th>
          <th scope="col">{r.caseColumns.actions}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((triage) => {
          const patient = triage.patient?.name ?? t.common.patientUnknown;
          return (
            <tr key={triage.id} data-case-id={triage.id} className={triage.overdue ? 'overdue' : undefined}>
              <td>
                {triage.urgent && <span className="tag urgent">{r.urgent}</span>}{' '}
                <Link to={caseLink(triage.id)} className="patient-link">
                  <span className="visually-hidden">{r.openCasePrefix}</span> <PatientCell patient={triage.patient} />
                </Link>
              </td>
              <td>
                {formatDate(triage.deadline, language)} {triage.overdue && <span className="tag alert">{r.overdue}</span>}
              </td>
              <td>{triage.hospitalUnit?.display ?? names.get(triage.hospitalUnit?.reference ?? '') ?? '–'}</td>
              <td>{triage.rejection ? rejectionReasonLabel(triage.rejection.reason, language, triage.rejection.display) : '–'}</td>
              <td>{stateOf(triage)}</td>
              <td className="number">{triage.contactAttempts}</td>
              <td className="row-actions">
                {triage.status === 'requested' && (
                  <button
                    type="button"
                    className="primary"
                    disabled={busy === triage.id}
                    aria-label={r.claimFor(patient)}
                    onClick={async () => {
                      setBusy(triage.id);
                      await onClaim(triage);
                      setBusy(undefined);
                    }}
                  >
                    {r.claim}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
