import { useState } from 'react';
import { ApiError } from '../api/api-error';
import { TaskPage, TaskSummary } from '../api/types';
import { ApiState } from '../api/use-api';
import { NewOwnerForm } from '../components/NewOwnerForm';
import { PatientCell } from '../components/PatientCell';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { TaskState } from '../components/TaskState';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDate, formatDateTime } from '../i18n/format';
import { categoryLabel } from '../i18n/labels';
import { performTaskAction } from '../inbox/task-actions';
import { Link } from '../routing/router';
import { useHandoverTexts } from './handovers.texts';

/**
 * The unit's unassigned queue ("Uten fastlege"): tasks handed over for patients Bro found no GP for. The
 * sending unit works it (docs/task-transfer.md): it knows the patient and the stay, and can find the GP.
 * Choosing the GP sends the task on to that GP's inbox, through the same re-assign action as a contested task.
 */
export function UnassignedTasks({ unassigned, onChanged }: { unassigned: ApiState<TaskPage>; onChanged(message: string): Promise<void> }) {
  const { t, language } = useLanguage();
  const { ht } = useHandoverTexts();
  const [assigning, setAssigning] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const tasks = unassigned.data?.tasks ?? [];

  const assign = async (task: TaskSummary, owner: string) => {
    setProblem(undefined);
    try {
      await performTaskAction(task, 'reassign', { owner });
      setAssigning(undefined);
      await onChanged(ht.assigned);
    } catch (error) {
      setProblem(error instanceof ApiError && error.isStale ? t.inbox.staleVersion : (error as Error).message);
      await onChanged('');
    }
  };

  return (
    <section className="panel unassigned" aria-labelledby="unassigned-title">
      <h2 id="unassigned-title">
        {ht.unassignedTitle}
        {tasks.length > 0 && <span className="consultation-count"> ({unassigned.data?.total})</span>}
      </h2>
      <p className="hint">{ht.unassignedLead}</p>
      {problem && (
        <p className="notice error" role="alert">
          {problem}
        </p>
      )}
      {unassigned.loading && !unassigned.data && <Loading />}
      {unassigned.error && <ErrorMessage error={unassigned.error} onRetry={unassigned.reload} />}
      {unassigned.data && tasks.length === 0 && <EmptyState>{ht.unassignedEmpty}</EmptyState>}
      {tasks.length > 0 && (
        <ul className="contested-list unassigned-list">
          {tasks.map((task) => {
            const what = categoryLabel(task.category?.code, language);
            const patient = task.patient?.name ?? t.common.patientUnknown;
            return (
              <li key={task.id} data-task-id={task.id}>
                <div className="contested-summary">
                  <div>
                    <PatientCell patient={task.patient} />
                  </div>
                  <div>
                    <strong>{what}</strong>
                    {task.description && <p>{task.description}</p>}
                    <p className="hint">
                      {task.authoredOn && ht.sentAt(formatDateTime(task.authoredOn, language))}
                      {task.due && ` · ${ht.due(formatDate(task.due, language))}`}
                      {task.overdue && <span className="tag alert">{t.inbox.overdueMark}</span>}
                    </p>
                  </div>
                  <div>
                    <TaskState task={task} />
                    {task.handoverId && (
                      <p>
                        <Link to={`/handovers/${encodeURIComponent(task.handoverId)}`}>{ht.openHandover}</Link>
                      </p>
                    )}
                  </div>
                  <div className="row-actions">
                    <button
                      type="button"
                      className="primary"
                      aria-expanded={assigning === task.id}
                      aria-label={ht.assignGpFor(what, patient)}
                      onClick={() => setAssigning(assigning === task.id ? undefined : task.id)}
                    >
                      {ht.assignGp}
                    </button>
                  </div>
                </div>
                {assigning === task.id && (
                  <NewOwnerForm className="action-form inline" submitLabel={ht.assignGp} onSubmit={(owner) => assign(task, owner)} />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
