import type { ConsultationSummary } from '@app/fhir/api/consultation-answers';
import { ReactNode } from 'react';
import { useReferenceNames } from '../api/reference-names';
import { useLanguage } from '../i18n/LanguageProvider';
import { participantName, roleLabel } from './consultation-people';
import { formatTimeOption } from './consultation-time';
import { videoLinkOf } from './meeting-place';
import { RevolvingDoorMark } from '../collaboration/RevolvingDoorMark';

/**
 * One consultation as both sides see it: the patient, the time (or the options still open), where to meet,
 * who takes part and how they answered; `children` holds what the viewer can do with it.
 */
export function ConsultationCard({ consultation, children }: { consultation: ConsultationSummary; children?: ReactNode }) {
  const { t, language } = useLanguage();
  const c = t.consultations;
  const patient = consultation.patient?.name ?? t.common.patientUnknown;
  const booked = consultation.start && consultation.end ? { start: consultation.start, end: consultation.end } : undefined;
  const times = booked ? [booked] : consultation.options;
  const link = videoLinkOf(consultation.description);
  // Practitioners the answer names by reference only get their names (and offices) from the directory.
  const names = useReferenceNames(consultation.participants.map((participant) => (participant.display ? undefined : participant.reference)));
  const displayOf = (participant: ConsultationSummary['participants'][number]) => participant.display ?? (participant.reference ? names.get(participant.reference) : undefined);
  const nameOf = (reference: string) => {
    const participant = consultation.participants.find((p) => p.reference === reference);
    return (participant && displayOf(participant)) ?? participantName(participant, language) ?? reference;
  };

  return (
    <article className="consultation-card" data-consultation-id={consultation.id} aria-label={patient}>
      <header className="consultation-card-header">
        <h3>{patient}</h3>
        <RevolvingDoorMark mark={consultation.revolvingDoor} />
        <span className={`status consultation-${consultation.status}`}>{c.status[consultation.status] ?? consultation.status}</span>
      </header>
      <dl className="consultation-facts">
        <dt>{booked ? c.columns.time : c.options}</dt>
        <dd>
          <ul className="plain">
            {times.map((option) => (
              <li key={option.start}>
                <time dateTime={option.start}>{formatTimeOption(option, language)}</time>
              </li>
            ))}
          </ul>
        </dd>
        {consultation.description && (
          <>
            <dt>{c.columns.where}</dt>
            <dd>
              {link ? (
                <a href={link} target="_blank" rel="noopener noreferrer">
                  {c.joinVideo}
                </a>
              ) : (
                consultation.description
              )}
            </dd>
          </>
        )}
        <dt>{c.columns.participants}</dt>
        <dd>
          <ul className="plain">
            {consultation.participants.map((participant, index) => (
              <li key={participant.reference ?? index}>
                {roleLabel(participant.role, language)}
                {displayOf(participant) ? `: ${displayOf(participant)}` : ''} –{' '}
                {participant.required === 'information-only' ? c.notAttending : (c.participantStatus[participant.status] ?? participant.status)}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      {consultation.answers.length > 0 && (
        <ul className="consultation-answers">
          {consultation.answers.map((answer, index) => (
            <li key={index}>
              {answer.proposed
                ? c.proposedOther(nameOf(answer.actor), formatTimeOption(answer.proposed, language))
                : c.declinedBecause(nameOf(answer.actor), answer.comment ?? '')}
              {answer.proposed && answer.comment ? ` (${answer.comment})` : ''}
            </li>
          ))}
        </ul>
      )}
      {children}
    </article>
  );
}
