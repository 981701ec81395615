import { useEffect, useState } from 'react';
import { ApiError } from '../api/api-error';
import { TaskPage, TaskSummary } from '../api/types';
import { NewOwnerForm } from '../components/NewOwnerForm';
import { PatientCell } from '../components/PatientCell';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { categoryLabel, contestReasonLabel } from '../i18n/labels';
import { performTaskAction } from '../inbox/task-actions';
import { ApiState } from '../api/use-api';
import { useReferenceNames } from '../api/reference-names';
import { useLocation } from '../routing/router';

/** Contested tasks waiting for the hospital: take each back, or send it to the GP who should have it. */
export function ContestedTasks({ contested, onChanged }: { contested: ApiState<TaskPage>; onChanged(message: string): Promise<void> }) {
  const { t, language } = useLanguage();
  const [reassigning, setReassigning] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const names = useReferenceNames((contested.data?.tasks ?? []).map((task) => (task.owner?.display ? undefined : task.owner?.reference)));
  // A contested task opened from the bell (`?task=<id>`): marked and scrolled to.
  const openTaskId = useLocation().query.get('task') ?? undefined;
  const openTaskListed = Boolean(openTaskId && contested.data?.tasks.some((task) => task.id === openTaskId));
  useEffect(() => {
    if (openTaskId && openTaskListed) document.querySelector(`li[data-task-id="${CSS.escape(openTaskId)}"]`)?.scrollIntoView({ block: 'center' });
  }, [openTaskId, openTaskListed]);

  const act = async (task: TaskSummary, action: 'take-back' | 'reassign', input?: Record<string, string>) => {
    setProblem(undefined);
    try {
      await performTaskAction(task, action, input);
      setReassigning(undefined);
      await onChanged(action === 'take-back' ? t.handovers.takenBack : t.handovers.reassigned);
    } catch (error) {
      setProblem(error instanceof ApiError && error.isStale ? t.inbox.staleVersion : (error as Error).message);
      await onChanged('');
    }
  };

  return (
    <section className="panel" aria-labelledby="contested-title">
      <h2 id="contested-title">{t.handovers.contestedTitle}</h2>
      <p className="hint">{t.handovers.contestedLead}</p>
      {problem && (
        <p className="notice error" role="alert">
          {problem}
        </p>
      )}
      {contested.loading && !contested.data && <Loading />}
      {contested.error && <ErrorMessage error={contested.error} onRetry={contested.reload} />}
      {contested.data?.tasks.length === 0 && <EmptyState>{t.handovers.contestedEmpty}</EmptyState>}
      {contested.data && contested.data.tasks.length > 0 && (
        <ul className="contested-list">
          {contested.data.tasks.map((task) => (
            <li key={task.id} data-task-id={task.id} className={task.id === openTaskId ? 'opened' : undefined}>
              <div className="contested-summary">
                <div>
                  <PatientCell patient={task.patient} />
                </div>
                <div>
                  <strong>{categoryLabel(task.category?.code, language)}</strong>
                  {task.description && <p>{task.description}</p>}
                </div>
                <div>
                  <span className="tag alert">{contestReasonLabel(task.contest?.reason, language)}</span>
                  {task.contest?.text && <p className="quote">«{task.contest.text}»</p>}
                  <p className="hint">
                    {t.handovers.contestedBy} {task.owner?.display ?? names.get(task.owner?.reference ?? '') ?? task.owner?.reference}
                  </p>
                </div>
                <div className="row-actions">
                  <button type="button" className="primary" onClick={() => act(task, 'take-back')}>
                    {t.actions.takeBack}
                  </button>
                  <button type="button" aria-expanded={reassigning === task.id} onClick={() => setReassigning(reassigning === task.id ? undefined : task.id)}>
                    {t.actions.reassign}
                  </button>
                </div>
              </div>
              {reassigning === task.id && (
                <NewOwnerForm className="action-form inline" currentOwner={task.owner?.reference} submitLabel={t.actions.reassign} onSubmit={(owner) => act(task, 'reassign', { owner })} />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
