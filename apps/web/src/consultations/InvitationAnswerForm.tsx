import type { ConsultationAnswerRequest, ConsultationSummary } from '@app/fhir/api/consultation-answers';
import { FormEvent, useId, useState } from 'react';
import { DateInput } from '../components/DateInput';
import { isDateTimeValue } from '../components/date-text';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatTimeOption } from './consultation-time';

type Choice = 'accept' | 'decline' | 'propose';

/** A local date and time (YYYY-MM-DDTHH:mm, the browser's own time) as an instant. */
function instantOf(local: string): Date {
  return new Date(local);
}

/**
 * The GP's answer to an invitation: accept one of the proposed times, decline with a reason, or suggest
 * another time (of the same length) for the coordinator to consider.
 */
export function InvitationAnswerForm({ consultation, onAnswer }: { consultation: ConsultationSummary; onAnswer(request: ConsultationAnswerRequest): Promise<boolean> }) {
  const { t, language } = useLanguage();
  const c = t.consultations;
  const id = useId();
  const [choice, setChoice] = useState<Choice>('accept');
  const [option, setOption] = useState(consultation.options.length === 1 ? consultation.options[0].start : '');
  const [reason, setReason] = useState('');
  const [proposedStart, setProposedStart] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const minutes = consultation.minutesDuration ?? 30;

  const ready = choice === 'accept' ? Boolean(option) : choice === 'decline' ? reason.trim().length > 0 : isDateTimeValue(proposedStart);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    let request: ConsultationAnswerRequest;
    if (choice === 'accept') {
      const chosen = consultation.options.find((candidate) => candidate.start === option)!;
      request = { answer: 'accept', option: chosen };
    } else if (choice === 'decline') {
      request = { answer: 'decline', reason: reason.trim() };
    } else {
      const start = instantOf(proposedStart);
      const time = { start: start.toISOString(), end: new Date(start.getTime() + minutes * 60_000).toISOString() };
      request = { answer: 'propose', time, ...(comment.trim() ? { comment: comment.trim() } : {}) };
    }
    setBusy(true);
    await onAnswer(request);
    setBusy(false);
  };

  // Folded away until opened, so a few invitations do not push the inbox's tasks off the screen.
  return (
    <details>
      <summary>{c.answer}</summary>
    <form className="action-form answer-form" onSubmit={submit} aria-label={c.answer}>
      <fieldset className="answer-kind" aria-label={c.answer}>
        {(['accept', 'decline', 'propose'] as const).map((value) => (
          <label key={value} className="choice">
            <input type="radio" name={`${id}-choice`} value={value} checked={choice === value} onChange={() => setChoice(value)} />{' '}
            {value === 'accept' ? c.accept : value === 'decline' ? c.decline : c.propose}
          </label>
        ))}
      </fieldset>
      {choice === 'accept' && (
        <fieldset>
          <legend>{c.chooseTime}</legend>
          {consultation.options.map((candidate) => (
            <label key={candidate.start} className="choice">
              <input type="radio" name={`${id}-option`} value={candidate.start} checked={option === candidate.start} onChange={() => setOption(candidate.start)} required />{' '}
              <time dateTime={candidate.start}>{formatTimeOption(candidate, language)}</time>
            </label>
          ))}
        </fieldset>
      )}
      {choice === 'decline' && (
        <>
          <label htmlFor={`${id}-reason`}>{c.declineReason}</label>
          <textarea id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={1000} rows={2} />
        </>
      )}
      {choice === 'propose' && (
        <>
          <label htmlFor={`${id}-start`}>{c.proposeStart}</label>
          <DateInput id={`${id}-start`} withTime value={proposedStart} onChange={setProposedStart} required />
          <label htmlFor={`${id}-comment`}>{c.comment}</label>
          <input id={`${id}-comment`} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} />
        </>
      )}
      <button type="submit" className="primary" disabled={busy || !ready}>
        {t.common.send}
      </button>
    </form>
    </details>
  );
}
