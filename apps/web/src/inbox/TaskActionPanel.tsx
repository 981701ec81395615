import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import { TaskDetails, TaskSummary } from '../api/types';
import { useApi } from '../api/use-api';
import { NewOwnerForm } from '../components/NewOwnerForm';
import { ErrorMessage, Loading } from '../components/StateViews';
import { InvolvedAroundPatient } from '../collaboration/InvolvedAroundPatient';
import { useLanguage } from '../i18n/LanguageProvider';
import { actionLabel } from './action-labels';
import { TaskAction, actionsFor } from './task-actions';
import { CancelTaskForm } from './CancelTaskForm';
import { ContestReasonFields, contestReasonInput } from './ContestReasonFields';
import { TaskHistory } from './TaskHistory';
import { useQuestionLoopTexts } from './question-loop.texts';

export type RunAction = (task: TaskSummary, action: TaskAction, input?: Record<string, string>) => Promise<boolean>;

/** A task opened up: what it says, what happened to it, and the actions that need more than a click. */
export function TaskActionPanel({ task, run }: { task: TaskSummary; run: RunAction }) {
  const { t } = useLanguage();
  const { qt } = useQuestionLoopTexts();
  const details = useApi<TaskDetails>(`/api/tasks/${encodeURIComponent(task.id)}`);
  const actions = actionsFor(task);
  // A new version (the GP's own action, the hospital's answer) is a new line in the history.
  const reloadDetails = details.reload;
  const shownVersion = useRef(task.version);
  useEffect(() => {
    if (shownVersion.current === task.version) return;
    shownVersion.current = task.version;
    void reloadDetails();
  }, [task.version, reloadDetails]);

  return (
    <div className="task-panel">
      <div className="task-panel-details">
        <h3>{t.inbox.details}</h3>
        <p>{task.description ?? t.inbox.noDescription}</p>
        <h4>{t.inbox.history}</h4>
        {details.loading && <Loading />}
        {details.error && <ErrorMessage error={details.error} onRetry={details.reload} />}
        {task.awaitingInformation && <p className="tag info">{qt.waitingForHospital}</p>}
        {details.data && <TaskHistory details={details.data} testId="task-history" />}
      </div>
      <div className="task-panel-actions">
        {actions.includes('contest') && <ContestForm task={task} run={run} />}
        {actions.includes('forward') && <ForwardForm task={task} run={run} />}
        {actions.includes('request-information') && <QuestionForm task={task} run={run} />}
        {actions.includes('hold') && <NoteForm task={task} run={run} action="hold" />}
        {actions.includes('cancel') && <CancelTaskForm task={task} run={run} />}
      </div>
      {/* Who else is in the task's patient's care, and how to reach them: asked for (and audited) only when opened. */}
      {task.patient && <InvolvedAroundPatient patientId={task.patient.id} headingLevel={4} />}
    </div>
  );
}

function ContestForm({ task, run }: { task: TaskSummary; run: RunAction }) {
  const { t } = useLanguage();
  const id = useId();
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    await run(task, 'contest', contestReasonInput(reason, text));
    setBusy(false);
  };
  return (
    <form className="action-form" onSubmit={submit}>
      <h4>{t.actions.contest}</h4>
      <p className="hint">{t.actions.contestHint}</p>
      <ContestReasonFields id={id} reason={reason} text={text} onReason={setReason} onText={setText} />
      <button type="submit" disabled={busy || !reason}>
        {t.actions.contest}
      </button>
    </form>
  );
}

function ForwardForm({ task, run }: { task: TaskSummary; run: RunAction }) {
  const { t } = useLanguage();
  return (
    <NewOwnerForm className="action-form" currentOwner={task.owner?.reference} submitLabel={t.actions.forward} onSubmit={(owner) => run(task, 'forward', { owner })}>
      <h4>{t.actions.forward}</h4>
      <p className="hint">{t.actions.forwardHint}</p>
    </NewOwnerForm>
  );
}

function QuestionForm({ task, run }: { task: TaskSummary; run: RunAction }) {
  const { t } = useLanguage();
  const id = useId();
  const [question, setQuestion] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    if (await run(task, 'request-information', { question: question.trim() })) setQuestion('');
    setBusy(false);
  };
  return (
    <form className="action-form" onSubmit={submit}>
      <h4>{t.actions.requestInformation}</h4>
      <p className="hint" id={`${id}-hint`}>
        {t.actions.questionHint}
      </p>
      <label htmlFor={`${id}-question`}>{t.actions.question}</label>
      <textarea id={`${id}-question`} aria-describedby={`${id}-hint`} value={question} onChange={(e) => setQuestion(e.target.value)} required maxLength={4000} rows={3} />
      <button type="submit" disabled={busy || !question.trim()}>
        {t.common.send}
      </button>
    </form>
  );
}

function NoteForm({ task, run, action }: { task: TaskSummary; run: RunAction; action: 'hold' | 'cancel' }) {
  const { t } = useLanguage();
  const id = useId();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    await run(task, action, note.trim() ? { note: note.trim() } : {});
    setBusy(false);
  };
  return (
    <form className="action-form" onSubmit={submit}>
      <h4>{actionLabel(action, t)}</h4>
      <label htmlFor={`${id}-note`}>{t.actions.note}</label>
      <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      <button type="submit" className={action === 'cancel' ? 'danger' : ''} disabled={busy}>
        {actionLabel(action, t)}
      </button>
    </form>
  );
}
