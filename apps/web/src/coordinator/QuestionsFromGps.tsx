import { FormEvent, ReactNode, useId, useState } from 'react';
import { apiRequest } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { HospitalQuestion, HospitalQuestionList, TaskDetails } from '../api/types';
import { ApiState, useApi } from '../api/use-api';
import { PatientCell } from '../components/PatientCell';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { TaskHistory } from '../inbox/TaskHistory';
import { useLanguage } from '../i18n/LanguageProvider';
import { categoryLabel } from '../i18n/labels';
import { formatDateTime } from '../i18n/format';
import { useLiveNotifications } from '../live/LiveProvider';
import { useQuestionLoopTexts } from '../inbox/question-loop.texts';

/**
 * "Spørsmål fra fastlege": what GPs asked about the unit's transferred tasks, each with the answer form and the
 * task's history; answered ones stay in view a while, with their answers. Live: a new question shows at once.
 */
export function QuestionsFromGps() {
  const { qt } = useQuestionLoopTexts();
  const open = useApi<HospitalQuestionList>('/api/questions?state=open');
  // Answered questions are fetched (and their reading audited) only when the coordinator opens them.
  const [showAnswered, setShowAnswered] = useState(false);
  const answered = useApi<HospitalQuestionList>(showAnswered ? '/api/questions?state=answered' : null);
  const [message, setMessage] = useState<string>();

  const reload = async () => {
    await Promise.all([open.reload(), answered.reload()]);
  };
  useLiveNotifications(() => void reload());

  const answeredOne = async () => {
    await reload();
    setMessage(qt.sent);
  };

  return (
    <section className="panel questions-from-gps" aria-labelledby="questions-title" data-testid="questions-from-gps">
      <h2 id="questions-title">{qt.title}</h2>
      <p className="hint">{qt.lead}</p>
      <div className="message-line" role="status" aria-live="polite">
        {message}
      </div>
      <QuestionList testId="open-questions" list={open} empty={qt.empty} renderExtra={(item) => <AnswerForm item={item} onAnswered={answeredOne} />} />
      <details className="answered-questions" onToggle={(event) => setShowAnswered(event.currentTarget.open)}>
        <summary>{qt.answeredTitle}</summary>
        {showAnswered && <QuestionList testId="answered-questions" list={answered} empty={qt.answeredEmpty} />}
      </details>
    </section>
  );
}

function QuestionList({
  list,
  empty,
  renderExtra,
  testId,
}: {
  list: ApiState<HospitalQuestionList>;
  empty: string;
  renderExtra?: (item: HospitalQuestion) => ReactNode;
  testId: string;
}) {
  const { qt } = useQuestionLoopTexts();
  const { language } = useLanguage();
  return (
    <>
      {list.loading && !list.data && <Loading />}
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data?.questions.length === 0 && <EmptyState>{empty}</EmptyState>}
      {list.data && list.data.questions.length > 0 && (
        <ul className="question-list" data-testid={testId}>
          {list.data.questions.map((item) => (
            <li key={item.question.id} data-question-id={item.question.id} data-task-id={item.task.id}>
              <div className="question-summary">
                <div>
                  <PatientCell patient={item.patient} />
                </div>
                <div>
                  <strong>{categoryLabel(item.task.category?.code, language)}</strong>
                  {item.task.description && <p>{item.task.description}</p>}
                </div>
                <div>
                  <p className="quote">«{item.question.text}»</p>
                  <p className="hint">{item.question.by ? qt.askedBy(item.question.by, formatDateTime(item.question.at, language)) : qt.askedAt(formatDateTime(item.question.at, language))}</p>
                  {item.answer ? (
                    <>
                      <p className="quote answer">«{item.answer.text}»</p>
                      <p className="hint">{qt.answeredBy(item.answer.by ?? '–', formatDateTime(item.answer.at, language))}</p>
                    </>
                  ) : (
                    <span className={`tag ${item.task.awaitingInformation ? 'alert' : ''}`}>{item.task.awaitingInformation ? qt.waiting : qt.notWaiting}</span>
                  )}
                </div>
              </div>
              <HistoryToggle taskId={item.task.id} version={item.task.version} />
              {renderExtra?.(item)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The task's history on the hospital side: fetched (and audited) only when opened. */
function HistoryToggle({ taskId, version }: { taskId: string; version: number }) {
  const { qt } = useQuestionLoopTexts();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="question-history">
      <button type="button" className="link-button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {open ? qt.hideHistory : qt.showHistory}
      </button>
      {open && (
        <div id={id}>
          <LoadedHistory key={version} taskId={taskId} />
        </div>
      )}
    </div>
  );
}

function LoadedHistory({ taskId }: { taskId: string }) {
  const details = useApi<TaskDetails>(`/api/tasks/${encodeURIComponent(taskId)}`);
  return (
    <>
      {details.loading && <Loading />}
      {details.error && <ErrorMessage error={details.error} onRetry={details.reload} />}
      {details.data && <TaskHistory details={details.data} testId="coordinator-task-history" />}
    </>
  );
}

function AnswerForm({ item, onAnswered }: { item: HospitalQuestion; onAnswered(): Promise<void> }) {
  const { qt } = useQuestionLoopTexts();
  const { t } = useLanguage();
  const id = useId();
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await apiRequest(`/api/questions/${encodeURIComponent(item.question.id)}/answer`, { method: 'POST', body: { answer: answer.trim() } });
      setAnswer('');
      await onAnswered();
    } catch (error) {
      setProblem(error instanceof ApiError && error.isStale ? t.inbox.staleVersion : (error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="action-form answer-form" onSubmit={submit}>
      <label htmlFor={`${id}-answer`}>{qt.answerLabel}</label>
      <textarea id={`${id}-answer`} value={answer} onChange={(e) => setAnswer(e.target.value)} required maxLength={4000} rows={3} />
      {problem && (
        <p className="notice error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || !answer.trim()}>
        {qt.send}
      </button>
    </form>
  );
}
