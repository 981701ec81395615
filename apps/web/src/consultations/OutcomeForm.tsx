import type { ConsultationDetail, ConsultationOutcomeRequest, ConsultationSummary } from '@app/fhir/api/consultation-answers';
import { CONSULTATION_OUTCOMES, ConsultationOutcome } from '@app/fhir/consultations';
import { FormEvent, useId, useState } from 'react';
import { useApi } from '../api/use-api';
import { ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { categoryLabel } from '../i18n/labels';
import { consultationPath, recordOutcome } from './consultation-api';

type Outcome = ConsultationOutcomeRequest['tasks'][number]['outcome'];
const OUTCOMES = Object.values(ConsultationOutcome) as Outcome[];

/**
 * After the consultation: who follows up each hand-over task ("Sykehuset beholder" or "Fastlegen overtar")
 * and a short note. Sent as one request, so either every task changes or none does.
 */
export function OutcomeForm({ consultation, onDone }: { consultation: ConsultationSummary; onDone(error?: Error): Promise<void> }) {
  const { t, language } = useLanguage();
  const c = t.consultations;
  const id = useId();
  const detail = useApi<ConsultationDetail>(consultationPath(consultation.id));
  const [choices, setChoices] = useState<Record<string, Outcome | ''>>({});
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  if (detail.loading && !detail.data) return <Loading />;
  if (detail.error) return <ErrorMessage error={detail.error} onRetry={detail.reload} />;
  const tasks = detail.data?.tasks ?? [];
  const complete = tasks.length > 0 && tasks.every((task) => choices[task.id]) && note.trim().length > 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!complete) return;
    setBusy(true);
    let failure: Error | undefined;
    try {
      await recordOutcome(consultation.id, {
        version: detail.data?.consultation.version ?? consultation.version,
        note: note.trim(),
        tasks: tasks.map((task) => ({ id: task.id, version: task.version, outcome: choices[task.id] as Outcome })),
      });
    } catch (error) {
      failure = error as Error;
    }
    await onDone(failure);
    setBusy(false);
  };

  return (
    <form className="action-form outcome-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{c.recordOutcome}</h4>
      {tasks.length === 0 && <p className="hint">{c.noTasks}</p>}
      {tasks.map((task) => {
        const name = [categoryLabel(task.category?.code, language) || task.category?.display, task.description].filter(Boolean).join(': ');
        return (
          <div key={task.id} className="field">
            <label htmlFor={`${id}-${task.id}`}>{c.outcomeFor(name || task.id)}</label>
            <select id={`${id}-${task.id}`} required value={choices[task.id] ?? ''} onChange={(e) => setChoices({ ...choices, [task.id]: e.target.value as Outcome })}>
              <option value="">{c.chooseOutcome}</option>
              {OUTCOMES.map((code) => (
                <option key={code} value={code}>
                  {language === 'en' ? CONSULTATION_OUTCOMES[code].displayEn : CONSULTATION_OUTCOMES[code].display}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <label htmlFor={`${id}-note`}>{c.note}</label>
      <p className="hint" id={`${id}-note-hint`}>
        {c.noteHint}
      </p>
      <textarea id={`${id}-note`} aria-describedby={`${id}-note-hint`} value={note} onChange={(e) => setNote(e.target.value)} required maxLength={2000} rows={2} />
      <button type="submit" className="primary" disabled={busy || !complete}>
        {c.saveOutcome}
      </button>
    </form>
  );
}
