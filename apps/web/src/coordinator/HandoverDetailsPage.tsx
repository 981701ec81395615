import { useState } from 'react';
import { isUnassignedTask } from '@app/fhir/transfers/handover-task-standing';
import type { HandoverDetails } from '@app/fhir/api/api-answers';
import { ApiError } from '../api/api-error';
import { TaskSummary } from '../api/types';
import { useApi } from '../api/use-api';
import { useReferenceNames } from '../api/reference-names';
import { NewOwnerForm } from '../components/NewOwnerForm';
import { ErrorMessage, Loading } from '../components/StateViews';
import { TaskDue } from '../components/TaskDue';
import { TaskState } from '../components/TaskState';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDate, formatDateTime } from '../i18n/format';
import { categoryLabel, contestReasonLabel } from '../i18n/labels';
import { performTaskAction } from '../inbox/task-actions';
import { useLiveNotifications } from '../live/LiveProvider';
import { Link } from '../routing/router';
import { HandoverCountCells, HandoverCountHeaders } from './HandoverCountColumns';
import { handoverStateOf } from './handover-state';
import { useHandoverTexts } from './handovers.texts';
import { ReceivingGps } from './ReceivingGps';

/**
 * One hand-over, opened from the coordinator's list: the patient, when it was sent, who received it, how its
 * tasks stand (the list's counts), and each task with its state and whose it is. A task with no GP can be
 * given one here, as from the unit's "Uten fastlege" queue. Live, like the list.
 */
export function HandoverDetailsPage({ id }: { id: string }) {
  const { t, language } = useLanguage();
  const { ht } = useHandoverTexts();
  const details = useApi<HandoverDetails>(`/api/handovers/${encodeURIComponent(id)}`);
  const [assigning, setAssigning] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const tasks = details.data?.tasks ?? [];
  const names = useReferenceNames(tasks.map((task) => (task.owner?.display ? undefined : task.owner?.reference)));
  useLiveNotifications(() => void details.reload());

  const assign = async (task: TaskSummary, owner: string) => {
    setProblem(undefined);
    try {
      await performTaskAction(task, 'reassign', { owner });
      setAssigning(undefined);
      await details.reload();
      setMessage(ht.assigned);
    } catch (error) {
      setProblem(error instanceof ApiError && error.isStale ? t.inbox.staleVersion : (error as Error).message);
      await details.reload();
    }
  };

  const back = (
    <Link to="/handovers" className="back-link">
      {ht.back}
    </Link>
  );
  if (details.error instanceof ApiError && details.error.status === 404) {
    return (
      <section className="page">
        {back}
        <p className="notice warning" role="alert">
          {ht.notFound}
        </p>
      </section>
    );
  }
  const handover = details.data?.handover;
  const patientName = handover?.patient.name ?? t.common.patientUnknown;
  const state = handover && handoverStateOf(handover.tasks);
  return (
    <section className="page handover-details">
      {back}
      {details.loading && !details.data && <Loading />}
      {details.error && <ErrorMessage error={details.error} onRetry={details.reload} />}
      {handover && state && (
        <>
          <header className="page-header">
            <h1>{ht.detailTitle(patientName)}</h1>
            {handover.patient.birthDate && (
              <p className="lead">
                {t.common.born} {formatDate(handover.patient.birthDate, language)}
              </p>
            )}
          </header>
          <div className="message-line" role="status" aria-live="polite">
            {message}
          </div>
          <section className="panel" aria-labelledby="handover-facts">
            <h2 id="handover-facts" className="visually-hidden">
              {ht.counts}
            </h2>
            <dl className="facts">
              <div>
                <dt>{ht.sent}</dt>
                <dd>{formatDateTime(handover.receivedAt, language)}</dd>
              </div>
              <div>
                <dt>{ht.receivingGp}</dt>
                <dd>
                  <ReceivingGps gps={handover.receivingGps} />
                </dd>
              </div>
              <div>
                <dt>{ht.state}</dt>
                <dd>
                  <span className={`status handover-${state}`}>{t.handovers.state[state]}</span>
                  {handover.tasks.overdue > 0 && state !== 'overdue' && <span className="tag alert">{ht.overdue(handover.tasks.overdue)}</span>}
                </dd>
              </div>
            </dl>
            <table className="handover-table counts" aria-label={ht.counts}>
              <thead>
                <tr>
                  <HandoverCountHeaders />
                </tr>
              </thead>
              <tbody>
                <tr>
                  <HandoverCountCells counts={handover.tasks} />
                </tr>
              </tbody>
            </table>
          </section>
          <section className="panel" aria-labelledby="handover-tasks-title">
            <h2 id="handover-tasks-title">{ht.tasksTitle}</h2>
            {problem && (
              <p className="notice error" role="alert">
                {problem}
              </p>
            )}
            <table className="task-table">
              <thead>
                <tr>
                  <th scope="col">{ht.taskColumns.category}</th>
                  <th scope="col">{ht.taskColumns.task}</th>
                  <th scope="col">{ht.taskColumns.due}</th>
                  <th scope="col">{ht.taskColumns.state}</th>
                  <th scope="col">{ht.taskColumns.owner}</th>
                  <th scope="col">{ht.taskColumns.actions}</th>
                </tr>
              </thead>
              <tbody>
                {tasks.map((task) => {
                  const what = categoryLabel(task.category?.code, language);
                  return (
                    <TaskRow
                      key={task.id}
                      task={task}
                      what={what}
                      owner={task.owner ? (task.owner.display ?? names.get(task.owner.reference) ?? task.owner.reference) : undefined}
                      assigning={assigning === task.id}
                      onAssigning={(open) => setAssigning(open ? task.id : undefined)}
                      onAssign={(owner) => assign(task, owner)}
                      patientName={patientName}
                    />
                  );
                })}
              </tbody>
            </table>
          </section>
        </>
      )}
    </section>
  );
}

/** One task of the hand-over: its state and whose it is; a task with no GP offers "Tildel fastlege" with the GP picker. */
function TaskRow({ task, what, owner, assigning: open, onAssigning, onAssign, patientName: patient }: {
  task: TaskSummary;
  what: string;
  owner?: string;
  assigning: boolean;
  onAssigning(open: boolean): void;
  onAssign(owner: string): Promise<void>;
  patientName: string;
}) {
  const { t, language } = useLanguage();
  const { ht } = useHandoverTexts();
  const unassigned = isUnassignedTask(task);
  return (
    <>
      <tr data-task-id={task.id} className={task.overdue ? 'overdue' : undefined}>
        <td>{what}</td>
        <td className="description">
          {task.priority !== 'routine' && <span className="tag urgent">{t.priority[task.priority] ?? task.priority}</span>} {task.description}
          {task.contest && (
            <p className="hint">
              {contestReasonLabel(task.contest.reason, language)}
              {task.contest.text && ` «${task.contest.text}»`}
              {task.contest.resolution && ` – ${ht.resolution[task.contest.resolution] ?? task.contest.resolution}`}
            </p>
          )}
        </td>
        <td>
          <TaskDue task={task} />
        </td>
        <td>
          <TaskState task={task} />
        </td>
        <td>{owner ?? ht.noGpYet}</td>
        <td className={unassigned ? 'row-actions' : undefined}>
          {unassigned && (
            <button type="button" className="primary" aria-expanded={open} aria-label={ht.assignGpFor(what, patient)} onClick={() => onAssigning(!open)}>
              {ht.assignGp}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="panel-row">
          <td colSpan={6}>
            <NewOwnerForm className="action-form inline" submitLabel={ht.assignGp} onSubmit={onAssign} />
          </td>
        </tr>
      )}
    </>
  );
}
