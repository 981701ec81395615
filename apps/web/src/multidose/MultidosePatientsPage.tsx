import { useState } from 'react';
import type { MultidosePatientPage, MultidosePatientSummary } from '@app/fhir/multidose/multidose-patient-answers';
import { ApiError } from '../api/api-error';
import { useApi } from '../api/use-api';
import { ActionMessage, ActionMessageValue } from '../components/ActionMessage';
import { Pagination } from '../components/Pagination';
import { PatientCell } from '../components/PatientCell';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { formatDate, formatDateTime } from '../i18n/format';
import { useLiveNotifications } from '../live/LiveProvider';
import { Link, setQuery, useLocation } from '../routing/router';
import { episodePagePath, multidosePatientsPath, recordCompleteList } from './multidose-api';
import { useMultidoseTexts } from './multidose.texts';

const PAGE_SIZE = 25;

/**
 * "Mine multidosepasienter": the GP's multidose patients, pending changes first, with the update's due date
 * (red when overdue) and the action that records the updated complete list (M25.1) sent from the EPJ.
 */
export function MultidosePatientsPage() {
  const { md } = useMultidoseTexts();
  const { query } = useLocation();
  const page = Math.max(1, Number(query.get('page')) || 1);
  const list = useApi<MultidosePatientPage>(multidosePatientsPath(page, PAGE_SIZE));
  const [message, setMessage] = useState<ActionMessageValue>();
  // A discharge with changes or a pharmacy's request reaches the GP as a notification: the list follows.
  useLiveNotifications(() => void list.reload());

  const record = async (row: MultidosePatientSummary) => {
    const name = row.patient.name ?? '';
    let outcome: ActionMessageValue;
    try {
      await recordCompleteList(row.patient.id, row.episodeVersion);
      outcome = { tone: 'info', text: md.recorded(name) };
    } catch (error) {
      outcome = { tone: 'error', text: error instanceof ApiError && error.status === 412 ? md.stale : (error as Error).message };
    }
    await list.reload();
    setMessage(outcome);
  };

  const data = list.data;
  return (
    <section className="page multidose-patients">
      <header className="page-header">
        <h1>{md.title}</h1>
        <p className="lead">{md.lead}</p>
      </header>
      <ActionMessage message={message} />
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.loading && !data && <Loading />}
      {data && data.total === 0 && <EmptyState>{md.empty}</EmptyState>}
      {data && data.patients.length > 0 && (
        <>
          <p className="total" data-testid="multidose-total">
            {md.total(data.total)}
          </p>
          <MultidosePatientTable rows={data.patients} onRecord={record} />
        </>
      )}
      {data && <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={(next) => setQuery({ page: String(next) })} />}
    </section>
  );
}

function MultidosePatientTable({ rows, onRecord }: { rows: MultidosePatientSummary[]; onRecord(row: MultidosePatientSummary): Promise<void> }) {
  const { md, language } = useMultidoseTexts();
  const [busy, setBusy] = useState<string>();
  return (
    <table className="multidose-table">
      <thead>
        <tr>
          <th scope="col">{md.columns.patient}</th>
          <th scope="col">{md.columns.state}</th>
          <th scope="col">{md.columns.mode}</th>
          <th scope="col">{md.columns.pharmacy}</th>
          <th scope="col">{md.columns.due}</th>
          <th scope="col">{md.columns.lastList}</th>
          <th scope="col">{md.columns.actions}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const name = row.patient.name ?? '';
          const pending = row.state === 'change-pending' || row.update !== undefined;
          return (
            <tr key={row.episodeId} data-episode-id={row.episodeId} className={row.update?.overdue ? 'overdue' : undefined}>
              <td>
                <Link to={episodePagePath(row.patient.id)} aria-label={md.showTimeline(name)}>
                  <PatientCell patient={row.patient} />
                </Link>
              </td>
              <td>
                <span className={`multidose-badge${pending ? ' pending' : ''}`}>{md.state[row.state] ?? row.state}</span>
                {row.deviation && <span className="tag alert">{md.deviation}</span>}
              </td>
              <td>{row.mode ? md.mode[row.mode] ?? row.mode : ''}</td>
              <td>{row.pharmacy?.display ?? row.pharmacy?.herId ?? ''}</td>
              <td className={row.update?.overdue ? 'due overdue-date' : 'due'}>
                {row.update?.due ? formatDate(row.update.due, language) : md.noDue}
                {row.update?.overdue && <span className="tag alert">{md.overdue}</span>}
              </td>
              <td>{row.lastCompleteList ? formatDateTime(row.lastCompleteList, language) : md.noDue}</td>
              <td className="row-actions">
                {pending && (
                  <button
                    type="button"
                    className="primary"
                    disabled={busy === row.episodeId}
                    aria-label={md.recordListFor(name)}
                    onClick={async () => {
                      setBusy(row.episodeId);
                      await onRecord(row);
                      setBusy(undefined);
                    }}
                  >
                    {busy === row.episodeId ? md.recording : md.recordList}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
