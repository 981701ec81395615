import { BoardScope } from '@app/fhir/board/board-metrics';
import { ReferralFigures as Figures, ReferralWeek } from '@app/fhir/referrals/referral-board-panel';
import { REJECTION_REASONS, RejectionReason } from '@app/fhir/referrals/referral-rejection-reason';
import { TRIAGE_OUTCOMES, TriageOutcome } from '@app/fhir/referrals/triage-outcome';
import { queryString } from '../api/api-client';
import { useApi } from '../api/use-api';
import { BoardFigure } from '../board/BoardFigure';
import { REFERRAL_PANEL_TEXTS } from '../board/referral-panel.texts';
import { CountValue } from '../components/CountValue';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDate, formatPercent } from '../i18n/format';
import { weekLabel } from '../i18n/week-label';
import { ReportColumn, ReportTable } from './ReportTable';

/**
 * Rejected referrals and the low-threshold service on the quality dashboard (`/api/quality/referrals`):
 * the last twelve Oslo weeks, for one GP office when the office filter names one, else the municipality.
 * Rejections per week, by hospital unit and by reason, the share sent on to a low-threshold service,
 * time to an outcome, missed deadlines and the outcomes. Aggregates only, "<5" as elsewhere.
 */
export function ReferralFigures({ office }: { office?: { reference: string; name?: string } }) {
  const { language } = useLanguage();
  const t = REFERRAL_PANEL_TEXTS[language];
  const scope: BoardScope = office && /^Organization\//.test(office.reference) ? (`office:${office.reference}` as BoardScope) : 'municipality';
  const figures = useApi<Figures>(`/api/quality/referrals${queryString({ scope })}`);
  const data = figures.data;
  const count = (value: number | string | null) => <CountValue value={value} fractionDigits={0} />;
  const nothing = data
    ? data.totals.rejected === 0 && data.totals.triaged === 0 && data.totals.assessmentBreaches === 0 && data.totals.triageBreaches === 0
    : false;
  const reasonLabel = (code: string) => {
    const reason = REJECTION_REASONS[code as RejectionReason];
    return reason ? (language === 'nb' ? reason.display : reason.displayEn) : code;
  };
  const outcomeLabel = (code: string) => {
    const outcome = TRIAGE_OUTCOMES[code as TriageOutcome];
    return outcome ? (language === 'nb' ? outcome.display : outcome.displayEn) : code;
  };

  const weekColumns: ReportColumn<ReferralWeek>[] = [
    { header: t.week, cell: (row) => weekLabel(row.week, language) },
    { header: t.weekStart, cell: (row) => <time dateTime={row.weekStart}>{formatDate(row.weekStart, language)}</time> },
    { header: t.rejected, numeric: true, cell: (row) => count(row.rejected) },
    { header: t.routed, numeric: true, cell: (row) => count(row.routed) },
    { header: t.routedShare, numeric: true, cell: (row) => formatPercent(row.routedShare, language) },
    { header: t.triaged, numeric: true, cell: (row) => count(row.triaged) },
    { header: t.medianHoursToTriage, numeric: true, cell: (row) => <CountValue value={row.medianHoursToTriage} /> },
    { header: t.assessmentBreaches, numeric: true, cell: (row) => count(row.assessmentBreaches) },
    { header: t.triageBreaches, numeric: true, cell: (row) => count(row.triageBreaches) },
  ];
  type UnitRow = Figures['byUnit'][number];
  type ReasonRow = Figures['byReason'][number];
  type OutcomeRow = Figures['outcomes'][number];
  const unitColumns: ReportColumn<UnitRow>[] = [
    { header: t.unit, cell: (row) => row.name },
    { header: t.rejected, numeric: true, cell: (row) => count(row.rejected) },
    { header: t.routed, numeric: true, cell: (row) => count(row.routed) },
  ];
  const reasonColumns: ReportColumn<ReasonRow>[] = [
    { header: t.reason, cell: (row) => reasonLabel(row.reason) },
    { header: t.rejected, numeric: true, cell: (row) => count(row.rejected) },
  ];
  const outcomeColumns: ReportColumn<OutcomeRow>[] = [
    { header: t.outcome, cell: (row) => outcomeLabel(row.outcome) },
    { header: t.count, numeric: true, cell: (row) => count(row.count) },
  ];

  return (
    <section className="panel quality-referrals" aria-labelledby="quality-referrals">
      <h2 id="quality-referrals">{t.qualityTitle}</h2>
      <p className="lead">{t.qualityLead(office && scope !== 'municipality' ? office.name ?? office.reference : undefined)}</p>
      {figures.loading && !data && <Loading />}
      {figures.error && <ErrorMessage error={figures.error} onRetry={figures.reload} />}
      {nothing && <EmptyState>{t.empty}</EmptyState>}
      {data && !nothing && (
        <>
          <section aria-label={t.totals} className="figures light">
            <BoardFigure label={t.rejected} value={data.totals.rejected} />
            <BoardFigure label={t.routed} value={data.totals.routed} />
            <BoardFigure label={t.routedShare} display={formatPercent(data.totals.routedShare, language)} />
            <BoardFigure label={t.objected} value={data.totals.objected} />
            <BoardFigure label={t.notRouted} value={data.totals.notRouted} />
            <BoardFigure label={t.medianWorkingDays} value={data.timeToTriage.medianWorkingDays} />
            <BoardFigure label={t.assessmentBreaches} value={data.totals.assessmentBreaches} tone={data.totals.assessmentBreaches !== 0 ? 'warning' : undefined} />
            <BoardFigure label={t.triageBreaches} value={data.totals.triageBreaches} tone={data.totals.triageBreaches !== 0 ? 'alert' : undefined} />
          </section>
          <ReportTable caption={t.weeks} columns={weekColumns} rows={data.weeks} rowKey={(row) => row.week} />
          <div className="report-columns">
            <ReportTable caption={t.byUnit} columns={unitColumns} rows={data.byUnit} rowKey={(row) => row.unit} />
            <ReportTable caption={t.byReason} columns={reasonColumns} rows={data.byReason} rowKey={(row) => row.reason} />
          </div>
          <ReportTable caption={t.outcomes} columns={outcomeColumns} rows={data.outcomes} rowKey={(row) => row.outcome} />
        </>
      )}
    </section>
  );
}
