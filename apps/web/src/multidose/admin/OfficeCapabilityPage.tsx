import { FormEvent, ReactNode, useId, useRef, useState } from 'react';
import { OfficeCapability, officeCapabilityProblems } from '@app/fhir/multidose/office-capability';
import type { CapabilityImportReport, OfficeCapabilityHistory, OfficeCapabilityPage as Page, OfficeCapabilityRow } from '@app/fhir/multidose/office-capability-answers';
import { ApiError } from '../../api/api-error';
import { useApi } from '../../api/use-api';
import { ActionMessage, ActionMessageValue } from '../../components/ActionMessage';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorMessage, Loading } from '../../components/StateViews';
import { formatDate, formatDateTime } from '../../i18n/format';
import { importCapabilityCsv, officeHistoryPath, officesPath, saveCapability } from './office-capability-api';
import { useOfficeCapabilityTexts } from './office-capability.texts';

/** Today in Bergen, as the API judges "not in the future". */
function osloToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * The administrator's page for GP offices' e-multidose capability: the offices with their PLL and e-multidose
 * dates and EPJ system, one edited at a time from the version shown (checked here by the same function as
 * the API), each office's history, and a CSV upload with its per-row report.
 */
export function OfficeCapabilityPage() {
  const { oc } = useOfficeCapabilityTexts();
  const searchId = useId();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const offices = useApi<Page>(officesPath(page, q));
  const [editing, setEditing] = useState<OfficeCapabilityRow>();
  const [notice, setNotice] = useState<ActionMessageValue>();

  const reload = async (message?: ActionMessageValue) => {
    setNotice(message);
    setEditing(undefined);
    await offices.reload();
  };

  let list;
  if (offices.error) list = <ErrorMessage error={offices.error} onRetry={() => void offices.reload()} />;
  else if (offices.loading || !offices.data) list = <Loading />;
  else if (offices.data.total === 0) list = <EmptyState>{q.trim() ? oc.noMatch(q.trim()) : oc.empty}</EmptyState>;
  else
    list = (
      <>
        <OfficeTable rows={offices.data.offices} onEdit={(row) => { setNotice(undefined); setEditing(row); }} />
        <Pagination page={page} pageSize={offices.data.pageSize} total={offices.data.total} onPage={setPage} />
      </>
    );

  return (
    <section className="page multidose-offices" aria-labelledby="multidose-offices-title">
      <header className="page-header">
        <h1 id="multidose-offices-title">{oc.title}</h1>
        <p className="lead">{oc.lead}</p>
      </header>
      <ActionMessage message={notice} />
      {editing && <CapabilityEditor key={`${editing.office}@${editing.version}`} row={editing} onDone={reload} onCancel={() => setEditing(undefined)} />}
      <div className="panel">
        <div className="field">
          <label htmlFor={searchId}>{oc.search}</label>
          <input
            id={searchId}
            type="search"
            value={q}
            maxLength={100}
            aria-describedby={`${searchId}-hint`}
            onChange={(event) => {
              setQ(event.target.value);
              setPage(1);
            }}
          />
          <span className="hint" id={`${searchId}-hint`}>
            {oc.searchHint}
          </span>
        </div>
        {list}
      </div>
      <CsvImport onImported={() => void offices.reload()} />
    </section>
  );
}

function OfficeTable({ rows, onEdit }: { rows: OfficeCapabilityRow[]; onEdit(row: OfficeCapabilityRow): void }) {
  const { oc, language } = useOfficeCapabilityTexts();
  const [open, setOpen] = useState<string>();
  const date = (value?: string) => (value ? <time dateTime={value}>{formatDate(value, language)}</time> : oc.notInUse);
  return (
    <table className="report-table office-capability-table" data-testid="office-capability-table">
      <thead>
        <tr>
          <th scope="col">{oc.office}</th>
          <th scope="col">{oc.orgnr}</th>
          <th scope="col">{oc.herId}</th>
          <th scope="col" className="numeric">
            {oc.gps}
          </th>
          <th scope="col">{oc.pll}</th>
          <th scope="col">{oc.emd}</th>
          <th scope="col">{oc.epj}</th>
          <th scope="col" className="numeric">
            {oc.version}
          </th>
          <th scope="col">
            <span className="visually-hidden">{oc.edit}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <OfficeRows key={row.office} row={row} date={date} historyOpen={open === row.office} onHistory={() => setOpen(open === row.office ? undefined : row.office)} onEdit={() => onEdit(row)} />
        ))}
      </tbody>
    </table>
  );
}

function OfficeRows(props: { row: OfficeCapabilityRow; date(value?: string): ReactNode; historyOpen: boolean; onHistory(): void; onEdit(): void }) {
  const { row, date, historyOpen, onHistory, onEdit } = props;
  const { oc } = useOfficeCapabilityTexts();
  return (
    <>
      <tr data-office={row.office}>
        <th scope="row">
          {row.name} {!row.active && <span className="hint">{oc.inactive}</span>}
        </th>
        <td>{row.orgnr ?? '–'}</td>
        <td>{row.herId ?? '–'}</td>
        <td className="numeric">{row.gps}</td>
        <td>{date(row.capability.pllInUseSince)}</td>
        <td>{date(row.capability.eMultidoseConnectedSince)}</td>
        <td>{row.capability.epjSystem ?? oc.notInUse}</td>
        <td className="numeric">{row.version}</td>
        <td className="row-actions">
          <button type="button" onClick={onEdit} aria-label={oc.editTitle(row.name)}>
            {oc.edit}
          </button>{' '}
          <button type="button" onClick={onHistory} aria-expanded={historyOpen}>
            {historyOpen ? oc.hideHistory : oc.history}
          </button>
        </td>
      </tr>
      {historyOpen && (
        <tr>
          <td colSpan={9}>
            <OfficeHistory office={row.office} date={date} />
          </td>
        </tr>
      )}
    </>
  );
}

function OfficeHistory({ office, date }: { office: string; date(value?: string): ReactNode }) {
  const { oc, language } = useOfficeCapabilityTexts();
  const history = useApi<OfficeCapabilityHistory>(officeHistoryPath(office));
  if (history.error) return <ErrorMessage error={history.error} onRetry={() => void history.reload()} />;
  if (history.loading || !history.data) return <Loading />;
  return (
    <ol className="history" data-testid="office-capability-history">
      {history.data.versions.map((version) => (
        <li key={version.version}>
          <strong>{oc.historyVersion(version.version, formatDateTime(version.lastUpdated, language))}</strong>:{' '}
          {!version.capabilityChanged && version.version !== history.data!.versions.at(-1)?.version ? (
            <span className="hint">{oc.historyUnchanged}</span>
          ) : Object.keys(version.capability).length === 0 ? (
            <span className="hint">{oc.historyNothing}</span>
          ) : (
            <>
              {oc.pll} {date(version.capability.pllInUseSince)}; {oc.emd} {date(version.capability.eMultidoseConnectedSince)}; {oc.epj} {version.capability.epjSystem ?? oc.notInUse}
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

const FIELDS = ['pllInUseSince', 'eMultidoseConnectedSince', 'epjSystem'] as const;

function CapabilityEditor({ row, onDone, onCancel }: { row: OfficeCapabilityRow; onDone(message?: ActionMessageValue): Promise<void>; onCancel(): void }) {
  const { oc } = useOfficeCapabilityTexts();
  const id = useId();
  const [draft, setDraft] = useState<Required<OfficeCapability>>({
    pllInUseSince: row.capability.pllInUseSince ?? '',
    eMultidoseConnectedSince: row.capability.eMultidoseConnectedSince ?? '',
    epjSystem: row.capability.epjSystem ?? '',
  });
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState(false);
  const [serverError, setServerError] = useState<{ field?: string; message: string }>();
  const first = useRef<HTMLInputElement>(null);
  const problems = attempted ? officeCapabilityProblems(draft, osloToday()) : [];
  const errorOf = (field: (typeof FIELDS)[number]) => [...problems.filter((p) => p.field === field).map((p) => oc.problem[p.code]), ...(serverError?.field === field ? [serverError.message] : [])].join(' ');
  const labels = { pllInUseSince: oc.pll, eMultidoseConnectedSince: oc.emd, epjSystem: oc.epj };
  const hints = { pllInUseSince: oc.dateHint, eMultidoseConnectedSince: `${oc.dateHint} ${oc.emdHint}`, epjSystem: oc.epjHint };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setServerError(undefined);
    if (officeCapabilityProblems(draft, osloToday()).length) return;
    setSaving(true);
    try {
      const saved = await saveCapability(row.office, row.version, draft);
      await onDone({ tone: 'info', text: saved.version === row.version ? oc.unchanged(row.name) : oc.saved(row.name, saved.version) });
    } catch (error) {
      if (error instanceof ApiError && error.isStale) setStale(true);
      else setServerError({ field: error instanceof ApiError ? error.field : undefined, message: error instanceof Error ? error.message : String(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="panel office-capability-form" onSubmit={save} aria-labelledby={`${id}-title`} noValidate data-testid="office-capability-form">
      <h2 id={`${id}-title`}>{oc.editTitle(row.name)}</h2>
      <p className="hint">{oc.editing(row.version)}</p>
      {stale && (
        <div className="notice warning" role="alert">
          <p>{oc.stale}</p>
          <button type="button" onClick={() => void onDone()}>
            {oc.reload}
          </button>
        </div>
      )}
      {serverError && !serverError.field && (
        <p className="notice error" role="alert">
          {serverError.message}
        </p>
      )}
      <div className="field-row">
        {FIELDS.map((field, index) => {
          const error = errorOf(field);
          return (
            <div className="field" key={field}>
              <label htmlFor={`${id}-${field}`}>{labels[field]}</label>
              <input
                id={`${id}-${field}`}
                ref={index === 0 ? first : undefined}
                type={field === 'epjSystem' ? 'text' : 'date'}
                max={field === 'epjSystem' ? undefined : osloToday()}
                maxLength={field === 'epjSystem' ? 100 : undefined}
                value={draft[field]}
                onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
                aria-invalid={error ? true : undefined}
                aria-describedby={`${id}-${field}-hint${error ? ` ${id}-${field}-error` : ''}`}
              />
              <span className="hint" id={`${id}-${field}-hint`}>
                {hints[field]}
              </span>
              {error && (
                <span className="field-error" id={`${id}-${field}-error`}>
                  {error}
                </span>
              )}
            </div>
          );
        })}
      </div>
      <p className="row-actions">
        <button type="submit" className="primary" disabled={saving || stale}>
          {saving ? oc.saving : oc.save}
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          {oc.cancel}
        </button>
      </p>
    </form>
  );
}

function CsvImport({ onImported }: { onImported(): void }) {
  const { oc } = useOfficeCapabilityTexts();
  const id = useId();
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<CapabilityImportReport>();
  const [message, setMessage] = useState<ActionMessageValue>();

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(undefined);
    setReport(undefined);
    if (!file) {
      setMessage({ tone: 'error', text: oc.chooseFile });
      return;
    }
    setBusy(true);
    try {
      setReport(await importCapabilityCsv(await file.text()));
      onImported();
    } catch (error) {
      setMessage({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel capability-import" onSubmit={upload} aria-labelledby={`${id}-title`} data-testid="capability-import">
      <h2 id={`${id}-title`}>{oc.importTitle}</h2>
      <p className="hint">{oc.importLead}</p>
      <div className="field">
        <label htmlFor={`${id}-file`}>{oc.file}</label>
        <input id={`${id}-file`} type="file" accept=".csv,text/csv,text/plain" onChange={(event) => setFile(event.target.files?.[0])} />
      </div>
      <p className="row-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? oc.uploading : oc.upload}
        </button>
      </p>
      <ActionMessage message={message} />
      {report && (
        <div data-testid="capability-import-report" role="status">
          <p className={report.failed ? 'notice warning' : 'notice info'}>{oc.report(report.rows, report.updated, report.unchanged, report.failed)}</p>
          {report.errors.length > 0 && (
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    {oc.reportRow}
                  </th>
                  <th scope="col">{oc.reportField}</th>
                  <th scope="col">{oc.reportMessage}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((error, index) => (
                  <tr key={index}>
                    <td className="numeric">{error.row}</td>
                    <td>
                      <code>{error.field}</code>
                    </td>
                    <td>{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </form>
  );
}
