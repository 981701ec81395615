import { FormEvent, useEffect, useId, useState } from 'react';
import { HandoverPage } from '../api/types';
import { ApiState } from '../api/use-api';
import { Pagination } from '../components/Pagination';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDateTime } from '../i18n/format';
import { Link, navigate } from '../routing/router';
import { MultidoseBadge, useMultidoseBadges } from '../multidose/MultidoseBadge';
import { RevolvingDoorMark } from '../collaboration/RevolvingDoorMark';
import { useDirectoryTexts } from '../collaboration/directory.texts';
import { HandoverCountCells, HandoverCountHeaders } from './HandoverCountColumns';
import { handoverStateOf } from './handover-state';
import { useHandoverTexts } from './handovers.texts';
import { ReceivingGps } from './ReceivingGps';

export function handoverPath(id: string): string {
  return `/handovers/${encodeURIComponent(id)}`;
}

/**
 * The unit's hand-overs, newest first: who received each, and its tasks counted once each, in the column of
 * where they stand (the columns add up to the tasks). Searchable by patient name or fødselsnummer (by the
 * API, among the unit's hand-overs); a row opens the hand-over.
 */
export function HandoverList({ handovers, search, onSearch, onPage }: {
  handovers: ApiState<HandoverPage>;
  search: string;
  onSearch(search: string): void;
  onPage(page: number): void;
}) {
  const { t, language } = useLanguage();
  const { ht } = useHandoverTexts();
  const { dt } = useDirectoryTexts();
  const page = handovers.data;
  // Multidose patients still in one of the unit's beds (the unit sees the episode during the stay): one request a page.
  const multidose = useMultidoseBadges((page?.handovers ?? []).map((handover) => handover.patient.id));
  return (
    <section className="panel" aria-labelledby="handover-list-title">
      <h2 id="handover-list-title">{t.handovers.listTitle}</h2>
      <HandoverSearch search={search} onSearch={onSearch} />
      {handovers.loading && !page && <Loading />}
      {handovers.error && <ErrorMessage error={handovers.error} onRetry={handovers.reload} />}
      {search && page && page.total > 0 && (
        <p className="hint" role="status">
          {ht.searchResults(page.total, search)}
        </p>
      )}
      {page?.handovers.length === 0 && <EmptyState>{search ? ht.noMatch(search) : t.handovers.listEmpty}</EmptyState>}
      {page && page.handovers.length > 0 && (
        <div className="table-scroll">
          <table className="handover-table">
            <thead>
              <tr>
                <th scope="col">{t.handovers.columns.receivedAt}</th>
                <th scope="col">{t.handovers.columns.patient}</th>
                <th scope="col">{ht.columns.receivingGp}</th>
                <HandoverCountHeaders />
                <th scope="col">{t.handovers.columns.state}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.consultations.plan}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.handovers.map((handover) => {
                const state = handoverStateOf(handover.tasks);
                const patientName = handover.patient.name ?? t.common.patientUnknown;
                return (
                  // The whole row opens the hand-over; the patient's name is the link keyboard and screen readers use.
                  <tr
                    key={handover.id}
                    data-handover-id={handover.id}
                    className="opens"
                    onClick={(event) => {
                      if (!(event.target as HTMLElement).closest('a, button')) navigate(handoverPath(handover.id));
                    }}
                  >
                    <td>{formatDateTime(handover.receivedAt, language)}</td>
                    <td>
                      <Link to={handoverPath(handover.id)} aria-label={ht.openFor(patientName)}>
                        {patientName}
                      </Link>
                      <MultidoseBadge badge={multidose.data?.badges[handover.patient.id]} />
                      <RevolvingDoorMark mark={handover.revolvingDoor} />
                    </td>
                    <td>
                      <ReceivingGps gps={handover.receivingGps} />
                    </td>
                    <HandoverCountCells counts={handover.tasks} />
                    <td>
                      <span className={`status handover-${state}`}>{t.handovers.state[state]}</span>
                      {handover.tasks.overdue > 0 && state !== 'overdue' && <span className="tag alert">{ht.overdue(handover.tasks.overdue)}</span>}
                    </td>
                    <td>
                      {/* A consultation at discharge settles who follows up what before the tasks are contested. */}
                      {handover.revolvingDoor?.proposeJointConsultation ? (
                        // A revolving-door stay without a joint consultation yet: the prompt to propose one.
                        <Link
                          to={`/consultations/new?handover=${encodeURIComponent(handover.id)}`}
                          className="button primary propose-joint"
                          data-testid="propose-joint-consultation"
                          aria-label={dt.proposeJointFor(patientName)}
                        >
                          {dt.proposeJoint}
                        </Link>
                      ) : (
                        <Link to={`/consultations/new?handover=${encodeURIComponent(handover.id)}`} aria-label={t.consultations.planForStay(patientName)}>
                          {t.consultations.plan}
                        </Link>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {page && <Pagination page={page.page} pageSize={page.pageSize} total={page.total} onPage={onPage} />}
    </section>
  );
}

/** The search box: searched when sent (Enter or the button), so each search is one request; "Vis alle" clears it. */
function HandoverSearch({ search, onSearch }: { search: string; onSearch(search: string): void }) {
  const { ht } = useHandoverTexts();
  const id = useId();
  const [text, setText] = useState(search);
  useEffect(() => setText(search), [search]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  return (
    <form className="handover-search" role="search" onSubmit={submit}>
      <label htmlFor={`${id}-q`}>{ht.searchLabel}</label>
      <input
        id={`${id}-q`}
        type="search"
        value={text}
        placeholder={ht.searchPlaceholder}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit">{ht.search}</button>
      {search && (
        <button type="button" onClick={() => onSearch('')}>
          {ht.showAll}
        </button>
      )}
      <p id={`${id}-hint`} className="hint">
        {ht.searchHint}
      </p>
    </form>
  );
}
