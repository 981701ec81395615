import { FormEvent, useId, useState } from 'react';
import { TaskStatus, cancelNeedsContestReason } from '@app/fhir/transfers/task-status.rules';
import { TaskSummary } from '../api/types';
import { useLanguage } from '../i18n/LanguageProvider';
import { categoryLabel } from '../i18n/labels';
import { ConfirmStep } from './ConfirmStep';
import { ContestReasonFields, contestReasonInput } from './ContestReasonFields';
import { useInboxSafetyTexts } from './inbox-safety.texts';
import type { RunAction } from './TaskActionPanel';

/**
 * "Avbryt oppgaven": a task the GP has not taken on yet is given back with a contest reason, as contesting
 * asks (task-status.rules.ts decides when); one taken on takes an optional note. Either way a confirmation
 * comes before anything is sent.
 */
export function CancelTaskForm({ task, run }: { task: TaskSummary; run: RunAction }) {
  const { t, language } = useLanguage();
  const safety = useInboxSafetyTexts();
  const id = useId();
  const needsReason = cancelNeedsContestReason(task.status as TaskStatus, ['owner']);
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const patientName = task.patient?.name ?? t.common.patientUnknown;

  const send = async () => {
    setBusy(true);
    const input: Record<string, string> = needsReason ? contestReasonInput(reason, text) : note.trim() ? { note: note.trim() } : {};
    await run(task, 'cancel', input);
    setBusy(false);
    setConfirming(false);
  };
  const ask = (event: FormEvent) => {
    event.preventDefault();
    setConfirming(true);
  };

  return (
    <form className="action-form" onSubmit={ask}>
      <h4>{t.actions.cancel}</h4>
      {needsReason ? (
        <>
          <p className="hint">{safety.cancelNewHint(t.actions.contest)}</p>
          <ContestReasonFields id={id} reason={reason} text={text} onReason={setReason} onText={setText} disabled={confirming} />
        </>
      ) : (
        <>
          <label htmlFor={`${id}-note`}>{t.actions.note}</label>
          <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} disabled={confirming} />
        </>
      )}
      {confirming ? (
        <ConfirmStep
          question={safety.confirmCancel(categoryLabel(task.category?.code, language), patientName)}
          confirmLabel={safety.confirmCancelButton}
          keepLabel={safety.keep}
          busy={busy}
          danger
          onConfirm={() => void send()}
          onKeep={() => setConfirming(false)}
        />
      ) : (
        <button type="submit" className="danger" disabled={needsReason && (!reason || (reason === 'ANNET' && !text.trim()))}>
          {t.actions.cancel}
        </button>
      )}
    </form>
  );
}
