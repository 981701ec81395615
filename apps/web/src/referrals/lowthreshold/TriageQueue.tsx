import type { TriageCasePage, TriageCaseSummary } from '@app/fhir/api/referral-answers';
import { useState } from 'react';
import { useApi } from '../../api/use-api';
import { ActionMessage, ActionMessageValue } from '../../components/ActionMessage';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorMessage, Loading } from '../../components/StateViews';
import { useLiveNotifications } from '../../live/LiveProvider';
import { navigate, setQuery, useLocation } from '../../routing/router';
import { actionOutcome } from '../action-outcome';
import { caseListPath, claimCase } from '../referral-api';
import { useReferralTexts } from '../referral.texts';
import { QueueTabs } from './QueueTabs';
import { caseLink, caseListOf } from './triage-links';
import { TriageCaseTable } from './TriageCaseTable';

const PANEL_ID = 'lowthreshold-cases';

/**
 * The service's queue: open cases earliest deadline first (urgent flagged, passed deadlines red), the
 * user's own, and the closed ones; live, so a rejection routed here shows up without a reload.
 */
export function TriageQueue() {
  const { r } = useReferralTexts();
  const { query } = useLocation();
  const list = caseListOf(query.get('state'));
  const page = Math.max(1, Number(query.get('page')) || 1);
  const cases = useApi<TriageCasePage>(caseListPath(list, page));
  const [message, setMessage] = useState<ActionMessageValue>();
  useLiveNotifications(() => void cases.reload());

  const claim = async (triage: TriageCaseSummary) => {
    try {
      await claimCase(triage);
      navigate(caseLink(triage.id));
    } catch (error) {
      await cases.reload();
      setMessage(actionOutcome(error as Error, r.claimed, r.staleVersion));
    }
  };

  const data = cases.data;
  return (
    <section className="page lowthreshold">
      <header className="page-header">
        <h1>{r.queueTitle}</h1>
        <p className="lead">{r.queueLead}</p>
      </header>
      <ActionMessage message={message} />
      <QueueTabs current={list} panelId={PANEL_ID} onChange={(next) => setQuery({ state: next === 'open' ? undefined : next })} />
      <div className="panel" role="tabpanel" id={PANEL_ID} aria-labelledby={`tab-${list}`} data-testid={PANEL_ID}>
        {cases.loading && !data && <Loading />}
        {cases.error && <ErrorMessage error={cases.error} onRetry={cases.reload} />}
        {data?.cases.length === 0 && <EmptyState>{r.queueEmpty[list]}</EmptyState>}
        {data && data.cases.length > 0 && <TriageCaseTable cases={data.cases} onClaim={claim} />}
        {data && <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={(next) => setQuery({ state: list === 'open' ? undefined : list, page: String(next) })} />}
      </div>
    </section>
  );
}
