import type { ContactAttemptSummary } from '@app/fhir/api/referral-answers';
import { EmptyState } from '../../components/StateViews';
import { formatDateTime } from '../../i18n/format';
import { contactResultLabel } from '../referral-labels';
import { useReferralTexts } from '../referral.texts';

/** The attempts to reach the patient, oldest first, as the case view lists them. */
export function ContactLog({ attempts }: { attempts: ContactAttemptSummary[] }) {
  const { r, language } = useReferralTexts();
  if (attempts.length === 0) return <EmptyState>{r.contactLogEmpty}</EmptyState>;
  return (
    <ol className="contact-log">
      {attempts.map((attempt, index) => (
        <li key={`${attempt.time}-${index}`}>
          <time dateTime={attempt.time}>{formatDateTime(attempt.time, language)}</time>{' '}
          <strong>{contactResultLabel(attempt.result, language, attempt.resultDisplay)}</strong>
          {attempt.by ? ` (${attempt.by})` : ''}
          {attempt.note && <p>{attempt.note}</p>}
        </li>
      ))}
    </ol>
  );
}
