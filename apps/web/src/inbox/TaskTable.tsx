import { Fragment, useEffect, useState } from 'react';
import type { MultidoseBadges } from '@app/fhir/multidose/multidose-patient-answers';
import { TaskSummary } from '../api/types';
import { PatientCell } from '../components/PatientCell';
import { useReferenceNames } from '../api/reference-names';
import { Link } from '../routing/router';
import { useLanguage } from '../i18n/LanguageProvider';
import { categoryLabel } from '../i18n/labels';
import { actionLabel } from './action-labels';
import { RunAction, TaskActionPanel } from './TaskActionPanel';
import { ACTIONS_TO_CONFIRM, ONE_CLICK_ACTIONS, actionsFor } from './task-actions';
import { ConfirmStep } from './ConfirmStep';
import { useInboxSafetyTexts } from './inbox-safety.texts';
import { MultidoseBadge } from '../multidose/MultidoseBadge';
import { episodePagePath } from '../multidose/multidose-api';
import { RevolvingDoorMark } from '../collaboration/RevolvingDoorMark';
import { TaskDue } from '../components/TaskDue';
import { TaskState } from '../components/TaskState';

interface Props {
  tasks: TaskSummary[];
  /** Links on patient names narrow the list to that patient (left out when it already is). */
  patientLink?(patientId: string): string;
  selected: ReadonlySet<string>;
  onSelect(ids: ReadonlySet<string>): void;
  run: RunAction;
  /** The page's patients' multidose badges, by patient id (patients without a multidose episode are absent). */
  multidose?: MultidoseBadges['badges'];
  /** A task opened from elsewhere (a notification in the bell): shown opened up, and scrolled to. */
  openTaskId?: string;
}

/** The inbox list: one row per task, the one-click actions in the row, the rest a button away. */
export function TaskTable({ tasks, patientLink, selected, onSelect, run, multidose, openTaskId }: Props) {
  const { t, language } = useLanguage();
  const safety = useInboxSafetyTexts();
  const [expanded, setExpanded] = useState<string | undefined>(openTaskId);
  const [busy, setBusy] = useState<string>();
  /** The task whose final action waits for the user's confirmation. */
  const [confirming, setConfirming] = useState<{ id: string; action: (typeof ACTIONS_TO_CONFIRM)[number] }>();
  const openTaskListed = Boolean(openTaskId && tasks.some((task) => task.id === openTaskId));
  useEffect(() => {
    if (!openTaskId || !openTaskListed) return;
    setExpanded(openTaskId);
    document.querySelector(`tr[data-task-id="${CSS.escape(openTaskId)}"]`)?.scrollIntoView({ block: 'center' });
  }, [openTaskId, openTaskListed]);
  const names = useReferenceNames(tasks.map((task) => (task.requester?.display ? undefined : task.requester?.reference)));
  const acceptable = tasks.filter((task) => actionsFor(task).includes('accept'));
  const allSelected = acceptable.length > 0 && acceptable.every((task) => selected.has(task.id));

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };

  return (
    <table className="task-table">
      <thead>
        <tr>
          <th scope="col" className="select">
            <input
              type="checkbox"
              aria-label={t.inbox.selectAll}
              checked={allSelected}
              disabled={acceptable.length === 0}
              onChange={() => onSelect(allSelected ? new Set() : new Set(acceptable.map((task) => task.id)))}
            />
          </th>
          <th scope="col">{t.inbox.columns.patient}</th>
          <th scope="col">{t.inbox.columns.category}</th>
          <th scope="col">{t.inbox.columns.task}</th>
          <th scope="col">{t.inbox.columns.due}</th>
          <th scope="col">{t.inbox.columns.status}</th>
          <th scope="col">{t.inbox.columns.from}</th>
          <th scope="col">{t.inbox.columns.actions}</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => {
          const actions = actionsFor(task);
          const oneClick = actions.filter((action) => ONE_CLICK_ACTIONS.includes(action));
          const hasMore = actions.some((action) => !ONE_CLICK_ACTIONS.includes(action));
          const category = categoryLabel(task.category?.code, language);
          const patientName = task.patient?.name ?? t.common.patientUnknown;
          const isOpen = expanded === task.id;
          return (
            <Fragment key={task.id}>
              <tr data-task-id={task.id} className={[task.overdue && 'overdue', task.id === openTaskId && 'opened'].filter(Boolean).join(' ') || undefined}>
                <td className="select">
                  {actions.includes('accept') && (
                    <input type="checkbox" aria-label={t.inbox.selectTask(patientName, category)} checked={selected.has(task.id)} onChange={() => toggle(task.id)} />
                  )}
                </td>
                <td>
                  {patientLink && task.patient ? (
                    <Link to={patientLink(task.patient.id)} className="patient-link">
                      <span className="visually-hidden">{t.inbox.showPatientPrefix}</span> <PatientCell patient={task.patient} />
                    </Link>
                  ) : (
                    <PatientCell patient={task.patient} />
                  )}
                  {task.patient && <MultidoseBadge badge={multidose?.[task.patient.id]} to={episodePagePath(task.patient.id)} patientName={patientName} />}
                  <RevolvingDoorMark mark={task.revolvingDoor} />
                </td>
                <td>{category}</td>
                <td className="description">
                  {task.priority !== 'routine' && <span className="tag urgent">{t.priority[task.priority] ?? task.priority}</span>} {task.description}
                </td>
                <td>
                  <TaskDue task={task} />
                </td>
                <td>
                  <TaskState task={task} />
                </td>
                <td>{task.requester?.display ?? names.get(task.requester?.reference ?? '') ?? ''}</td>
                <td className="row-actions">
                  {oneClick.map((action) => (
                    <button
                      key={action}
                      type="button"
                      className={action === 'accept' ? 'primary' : ''}
                      disabled={busy === task.id}
                      aria-label={`${actionLabel(action, t)}: ${category}, ${patientName}`}
                      aria-expanded={ACTIONS_TO_CONFIRM.includes(action) ? confirming?.id === task.id : undefined}
                      onClick={async () => {
                        if (ACTIONS_TO_CONFIRM.includes(action)) return setConfirming({ id: task.id, action: action as (typeof ACTIONS_TO_CONFIRM)[number] });
                        setBusy(task.id);
                        await run(task, action);
                        setBusy(undefined);
                      }}
                    >
                      {actionLabel(action, t)}
                    </button>
                  ))}
                  {hasMore && (
                    <button type="button" aria-expanded={isOpen} aria-controls={`panel-${task.id}`} onClick={() => setExpanded(isOpen ? undefined : task.id)}>
                      {isOpen ? t.inbox.fewer : t.inbox.more}
                    </button>
                  )}
                </td>
              </tr>
              {confirming?.id === task.id && (
                <tr className="confirm-row">
                  <td colSpan={8}>
                    <ConfirmStep
                      question={safety.confirmComplete(category, patientName)}
                      confirmLabel={safety.confirmCompleteLabel}
                      confirmName={safety.confirmCompleteButton(category, patientName)}
                      keepLabel={safety.keep}
                      busy={busy === task.id}
                      onConfirm={async () => {
                        setBusy(task.id);
                        await run(task, confirming.action);
                        setBusy(undefined);
                        setConfirming(undefined);
                      }}
                      onKeep={() => setConfirming(undefined)}
                    />
                  </td>
                </tr>
              )}
              {isOpen && (
                <tr id={`panel-${task.id}`} className="panel-row">
                  <td colSpan={8}>
                    <TaskActionPanel task={task} run={run} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
