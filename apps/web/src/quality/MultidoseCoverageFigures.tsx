import { BoardScope } from '@app/fhir/board/board-metrics';
import type { CoverageMonth, EpjSystemCoverage, MultidoseCoverageFigures as Figures } from '@app/fhir/multidose/multidose-board-panel';
import { queryString } from '../api/api-client';
import { useApi } from '../api/use-api';
import { BoardFigure } from '../board/BoardFigure';
import { CoverageMonths, monthLabel } from '../board/CoverageMonths';
import { shareText } from '../board/MultidosePanel';
import { MULTIDOSE_PANEL_TEXTS } from '../board/multidose-panel.texts';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDate, formatPercent } from '../i18n/format';
import { ReportColumn, ReportTable } from './ReportTable';

/**
 * e-multidose coverage on the quality dashboard (`/api/quality/multidose-coverage`): for one GP office when
 * the office filter names one, else every GP office in the municipality. Offices and GPs connected to
 * e-multidose and using PLL of all, the last twelve months toward 100 %, and the offices by EPJ system.
 */
export function MultidoseCoverageFigures({ office }: { office?: { reference: string; name?: string } }) {
  const { language } = useLanguage();
  const t = MULTIDOSE_PANEL_TEXTS[language];
  const scope: BoardScope = office && /^Organization\//.test(office.reference) ? (`office:${office.reference}` as BoardScope) : 'municipality';
  const figures = useApi<Figures>(`/api/quality/multidose-coverage${queryString({ scope })}`);
  const data = figures.data;
  const share = (cell: { count: number; of: number; share: number | null }) => shareText(cell, language);

  const monthColumns: ReportColumn<CoverageMonth>[] = [
    { header: t.month, cell: (row) => monthLabel(row.month, language, 'long') },
    { header: t.asOf, cell: (row) => <time dateTime={row.asOf}>{formatDate(row.asOf, language)}</time> },
    { header: t.officesEMultidose, numeric: true, cell: (row) => share(row.officesEMultidose) },
    { header: t.gpsEMultidose, numeric: true, cell: (row) => share(row.gpsEMultidose) },
    { header: t.officesPll, numeric: true, cell: (row) => share(row.officesPll) },
  ];
  const epjColumns: ReportColumn<EpjSystemCoverage>[] = [
    { header: t.epj, cell: (row) => row.epjSystem ?? t.epjUnknown },
    { header: t.offices, numeric: true, cell: (row) => row.offices },
    { header: t.eMultidose, numeric: true, cell: (row) => row.eMultidose },
    { header: t.pll, numeric: true, cell: (row) => row.pll },
    { header: t.share, numeric: true, cell: (row) => formatPercent(row.offices ? row.eMultidose / row.offices : null, language) },
  ];

  return (
    <section className="panel quality-multidose" aria-labelledby="quality-multidose">
      <h2 id="quality-multidose">{t.qualityTitle}</h2>
      <p className="lead">{t.qualityLead(office && scope !== 'municipality' ? office.name ?? office.reference : undefined)}</p>
      {figures.loading && !data && <Loading />}
      {figures.error && <ErrorMessage error={figures.error} onRetry={figures.reload} />}
      {data && data.coverage.offices.eMultidose.of === 0 && <EmptyState>{t.empty}</EmptyState>}
      {data && data.coverage.offices.eMultidose.of > 0 && (
        <>
          <section aria-label={t.qualityTitle} className="figures light">
            <BoardFigure label={t.officesEMultidose} display={share(data.coverage.offices.eMultidose)} />
            <BoardFigure label={t.gpsEMultidose} display={share(data.coverage.gps.eMultidose)} />
            <BoardFigure label={t.officesPll} display={share(data.coverage.offices.pll)} />
            <BoardFigure label={t.gpsPll} display={share(data.coverage.gps.pll)} />
          </section>
          <CoverageMonths months={data.coverage.monthlyTrend} label={t.trend} />
          <div className="report-columns">
            <ReportTable caption={t.months} columns={monthColumns} rows={data.coverage.monthlyTrend} rowKey={(row) => row.month} />
            <ReportTable caption={t.byEpj} columns={epjColumns} rows={data.byEpjSystem} rowKey={(row) => row.epjSystem ?? ''} />
          </div>
        </>
      )}
    </section>
  );
}
