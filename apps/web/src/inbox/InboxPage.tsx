import { useCallback, useState } from 'react';
import { NotificationKind } from '@app/fhir/notifications/queue-names';
import { apiRequest } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { BulkAcceptResult, TaskCounts, TaskPage, TaskSummary } from '../api/types';
import { useApi } from '../api/use-api';
import { Pagination } from '../components/Pagination';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { GpConsultations } from '../consultations/GpConsultations';
import { useLanguage } from '../i18n/LanguageProvider';
import { useLiveNotifications } from '../live/LiveProvider';
import { setQuery, useLocation } from '../routing/router';
import { actionLabel } from './action-labels';
import { InboxCounts } from './InboxCounts';
import { InboxFilterBar } from './InboxFilterBar';
import { InboxFilters, PAGE_SIZE, countsPath, filtersAreSet, filtersAsQuery, inboxFiltersFrom, taskListPath } from './inbox-filters';
import { TaskAction, performTaskAction } from './task-actions';
import { TaskTable } from './TaskTable';
import { ActionMessage, ActionMessageValue } from '../components/ActionMessage';
import { useMultidoseBadges } from '../multidose/MultidoseBadge';
import { InvolvedAroundPatient } from '../collaboration/InvolvedAroundPatient';
import { useHeldRows } from './use-held-rows';
import { useInboxSafetyTexts } from './inbox-safety.texts';

type Message = ActionMessageValue;

function definedOnly(query: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The GP's inbox: tasks handed over to them and their office, badges, filters and actions; live. */
export function InboxPage() {
  const { t } = useLanguage();
  const { query } = useLocation();
  const filters = inboxFiltersFrom(query);
  // A task opened from the bell (`?task=<id>`): not a filter of the list, only which row shows opened up.
  const openTaskId = query.get('task') ?? undefined;
  const safety = useInboxSafetyTexts();
  const tasks = useApi<TaskPage>(taskListPath(filters));
  // Live events reload the list several times a minute: the rows on screen hold still until the GP asks for the new ones.
  const held = useHeldRows(tasks.data?.tasks, tasks.loading, taskListPath(filters));
  const counts = useApi<TaskCounts>(countsPath(filters));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<Message>();
  // The page's patients' multidose badges: one request for the page.
  const multidose = useMultidoseBadges((tasks.data?.tasks ?? []).flatMap((task) => (task.patient ? [task.patient.id] : [])));

  const reloadAll = useCallback(async () => {
    await Promise.all([tasks.reload(), counts.reload(), multidose.reload()]);
  }, [tasks, counts, multidose]);

  useLiveNotifications((notification) => {
    void reloadAll();
    // An empty list takes a new task at once (nothing can move under the pointer); otherwise "1 ny – vis" says it.
    if (held.rows.length === 0 && (notification.kind === NotificationKind.NewTask || notification.kind === NotificationKind.UrgentTask)) {
      setMessage({ tone: 'info', text: t.inbox.newTaskArrived });
    }
  });

  const changeFilters = (next: InboxFilters) => {
    setSelected(new Set());
    setQuery(filtersAsQuery(next));
  };

  /** Performs an action, refreshes the list and badges, and only then says how it went: the screen already shows it. */
  const run = async (task: TaskSummary, action: TaskAction, input?: Record<string, string>): Promise<boolean> => {
    let outcome: Message;
    let ok = false;
    // Whose task it was, on screen only: the message is the GP's, never a log line or a notification.
    const patientName = task.patient?.name ?? t.common.patientUnknown;
    try {
      await performTaskAction(task, action, input);
      outcome = { tone: 'info', text: safety.done[action](patientName) };
      ok = true;
    } catch (error) {
      outcome = { tone: 'error', text: error instanceof ApiError && error.isStale ? t.inbox.staleVersion : safety.failed(actionLabel(action, t), patientName, (error as Error).message) };
    }
    // The GP's own action changes the list as they expect: it is shown as it comes back.
    held.showNextAsItIs();
    await reloadAll();
    setMessage(outcome);
    return ok;
  };

  const bulkAccept = async () => {
    const chosen = held.rows.filter((task) => selected.has(task.id)).map((task) => ({ id: task.id, version: task.version }));
    let outcome: Message;
    try {
      const { results } = await apiRequest<BulkAcceptResult>('/api/inbox/bulk-accept', { method: 'POST', body: { tasks: chosen } });
      const ok = results.filter((result) => result.ok).length;
      outcome = { tone: results.length === ok ? 'info' : 'error', text: t.inbox.bulkResult(ok, results.length - ok) };
    } catch (error) {
      outcome = { tone: 'error', text: (error as Error).message };
    }
    setSelected(new Set());
    held.showNextAsItIs();
    await reloadAll();
    setMessage(outcome);
  };

  const page = tasks.data;
  return (
    <section className="page inbox">
      <header className="page-header">
        <h1>{t.inbox.title}</h1>
        <p className="lead">{t.inbox.lead}</p>
      </header>

      {counts.data && <InboxCounts counts={counts.data} filters={filters} onFilter={changeFilters} />}
      {counts.error && <ErrorMessage error={counts.error} onRetry={counts.reload} />}

      {/* Invitations to joint consultations need an answer like tasks do; hidden while there are none. */}
      <GpConsultations inInbox />

      <InboxFilterBar filters={filters} patientName={page?.tasks.find((task) => task.patient?.id === filters.patient)?.patient?.name} onChange={changeFilters} />

      {/* Narrowed to one patient: who else is in the patient's care, and how to reach them. */}
      {filters.patient && <InvolvedAroundPatient key={filters.patient} patientId={filters.patient} />}

      <ActionMessage message={message} />

      {tasks.error && <ErrorMessage error={tasks.error} onRetry={tasks.reload} />}
      {tasks.loading && !page && <Loading />}
      {page && (
        <>
          <div className="list-toolbar">
            <span className="total" data-testid="task-total">
              {t.inbox.tasks(page.total)}
            </span>
            <button type="button" className="primary" onClick={bulkAccept} disabled={selected.size === 0}>
              {t.inbox.acceptSelected(selected.size)}
            </button>
            {tasks.loading && <Loading />}
            <span className="pending-rows" role="status" aria-live="polite">
              {(held.newCount > 0 || held.changed) && (
                <button type="button" title={safety.pendingHint} onClick={held.showLatest}>
                  {held.newCount > 0 ? safety.pendingNew(held.newCount) : safety.pendingChanged}
                </button>
              )}
            </span>
          </div>
          {held.rows.length === 0 ? (
            <EmptyState>{filtersAreSet(filters) ? t.inbox.emptyFiltered : t.inbox.emptyAll}</EmptyState>
          ) : (
            <TaskTable
              tasks={held.rows}
              openTaskId={openTaskId}
              patientLink={filters.patient ? undefined : (patient) => `/inbox?${new URLSearchParams({ ...definedOnly(filtersAsQuery({ ...filters, page: undefined })), patient })}`}
              selected={selected} onSelect={setSelected} run={run} multidose={multidose.data?.badges} />
          )}
          <Pagination page={page.page} pageSize={PAGE_SIZE} total={page.total} onPage={(next) => changeFilters({ ...filters, page: next })} />
        </>
      )}
    </section>
  );
}
