import { useMemo } from 'react';
import { BoardScope } from '@app/fhir/board/board-metrics';
import { ConsultationBoardPanel, ConsultationUnitRow, ConsultationWeek, CountedShare } from '@app/fhir/consultations/consultation-board-panel';
import { queryString } from '../api/api-client';
import { useApi } from '../api/use-api';
import { BoardFigure } from '../board/BoardFigure';
import { CountValue } from '../components/CountValue';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDate, formatPercent } from '../i18n/format';
import { weekLabel } from '../i18n/week-label';
import { ReportColumn, ReportTable } from './ReportTable';

const OUTCOMES = ['proposed', 'awaiting', 'booked', 'held', 'declinedOrCancelled'] as const;

interface Share {
  key: 'dischargesWith' | 'contestedWith' | 'contestedWithout';
  value: CountedShare;
}

/**
 * Joint discharge consultations on the quality dashboard: the board's panel for the last twelve weeks
 * (`/api/quality/consultations`), for one GP office when the office filter names one, else the municipality.
 * Its own twelve weeks, not the report's period: the figures are counted per week as the board counts them.
 */
export function ConsultationFigures({ office }: { office?: { reference: string; name?: string } }) {
  const { t, language } = useLanguage();
  const c = t.quality.consultations;
  const scope: BoardScope = office && /^Organization\//.test(office.reference) ? `office:${office.reference}` as BoardScope : 'municipality';
  const figures = useApi<ConsultationBoardPanel>(`/api/quality/consultations${queryString({ scope })}`);
  const panel = figures.data;
  const shares = useMemo<Share[]>(
    () => (panel ? [
      { key: 'dischargesWith', value: panel.dischargesWithConsultation },
      { key: 'contestedWith', value: panel.contestedWithConsultation },
      { key: 'contestedWithout', value: panel.contestedWithoutConsultation },
    ] : []),
    [panel],
  );
  // A hidden ("<5") cell is not nothing: only counts of zero everywhere make the empty state.
  const nothing = panel ? panel.byUnit.length === 0 && panel.weeks.every((week) => week.proposed === 0) : false;

  const outcomeColumns = <Row extends ConsultationWeek | ConsultationUnitRow>(): ReportColumn<Row>[] =>
    OUTCOMES.map((outcome) => ({ header: c[outcome], numeric: true, cell: (row: Row) => <CountValue value={row[outcome]} fractionDigits={0} /> }));
  const weekColumns: ReportColumn<ConsultationWeek>[] = [
    { header: t.quality.week, cell: (row) => weekLabel(row.week, language) },
    { header: t.quality.weekStart, cell: (row) => <time dateTime={row.weekStart}>{formatDate(row.weekStart, language)}</time> },
    ...outcomeColumns<ConsultationWeek>(),
  ];
  const unitColumns: ReportColumn<ConsultationUnitRow>[] = [{ header: t.quality.unit, cell: (row) => row.name }, ...outcomeColumns<ConsultationUnitRow>()];
  const shareColumns: ReportColumn<Share>[] = [
    { header: c.measure, cell: (row) => c[row.key] },
    { header: c.count, numeric: true, cell: (row) => <CountValue value={row.value.count} fractionDigits={0} /> },
    { header: c.of, numeric: true, cell: (row) => <CountValue value={row.value.of} fractionDigits={0} /> },
    { header: c.share, numeric: true, cell: (row) => formatPercent(row.value.share, language) },
  ];

  return (
    <section className="panel quality-consultations" aria-labelledby="quality-consultations">
      <h2 id="quality-consultations">{c.title}</h2>
      <p className="lead">{c.lead(office && scope !== 'municipality' ? office.name ?? office.reference : undefined)}</p>
      {figures.loading && !panel && <Loading />}
      {figures.error && <ErrorMessage error={figures.error} onRetry={figures.reload} />}
      {nothing && <EmptyState>{c.empty}</EmptyState>}
      {panel && !nothing && (
        <>
          <section aria-label={c.shares} className="figures light">
            {shares.map((row) => (
              <BoardFigure key={row.key} label={c[row.key]} display={formatPercent(row.value.share, language)} />
            ))}
          </section>
          <ReportTable caption={c.weeks} columns={weekColumns} rows={panel.weeks} rowKey={(row) => row.week} />
          <div className="report-columns">
            <ReportTable caption={c.byUnit} columns={unitColumns} rows={panel.byUnit} rowKey={(row) => row.unit} />
            <ReportTable caption={c.shares} columns={shareColumns} rows={shares} rowKey={(row) => row.key} />
          </div>
        </>
      )}
    </section>
  );
}
