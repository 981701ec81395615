import { MouseEvent, useMemo, useState } from 'react';
import { QualityBreakdownRow, QualityFilterOptions, QualityReport, QualityWeekRow, ReasonCount } from '@app/fhir/board/board-metrics';
import { useApi } from '../api/use-api';
import { CountValue } from '../components/CountValue';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { TrendChart } from '../board/TrendChart';
import { BoardFigure } from '../board/BoardFigure';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDate } from '../i18n/format';
import { categoryLabel, contestReasonLabel } from '../i18n/labels';
import { setQuery, useLocation } from '../routing/router';
import { ConsultationFigures } from './ConsultationFigures';
import { MultidoseCoverageFigures } from './MultidoseCoverageFigures';
import { MultidoseFigures } from './MultidoseFigures';
import { ReferralFigures } from './ReferralFigures';
import { RevolvingDoorFigures } from './RevolvingDoorFigures';
import { downloadCsv } from './csv-download';
import { QualityFilterForm } from './QualityFilterForm';
import { csvPath, qualityFiltersFrom, reportPath } from './quality-query';
import { ReportColumn, ReportTable } from './ReportTable';

/** The quality team's dashboard: weekly trends, breakdowns and contested reasons for chosen filters, and the same as CSV; then the joint consultations. */
export function QualityPage() {
  const { t } = useLanguage();
  const { query } = useLocation();
  const filters = qualityFiltersFrom(query);
  const periodIsValid = !(filters.from && filters.to && filters.from > filters.to);
  const options = useApi<QualityFilterOptions>('/api/quality/filters');
  const report = useApi<QualityReport>(periodIsValid ? reportPath(filters) : null);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<Error>();
  const shown = report.data;
  // The CSV of the period the report used (defaults filled in), so both answer for the same days.
  const exportPath = shown ? csvPath(shown.filters) : undefined;

  const download = async (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    if (!exportPath) return;
    setDownloading(true);
    setDownloadError(undefined);
    try {
      await downloadCsv(exportPath);
    } catch (error) {
      setDownloadError(error as Error);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <section className="page quality">
      <header className="page-header with-action">
        <div>
          <h1>{t.quality.title}</h1>
          <p className="lead">{t.quality.lead}</p>
        </div>
        {exportPath && (
          <a className="button" href={exportPath} onClick={download} aria-disabled={downloading || report.loading}>
            {downloading ? t.quality.downloading : t.quality.downloadCsv}
          </a>
        )}
      </header>
      {options.error && <ErrorMessage error={options.error} onRetry={options.reload} />}
      <QualityFilterForm filters={filters} applied={shown?.filters} options={options.data} onChange={(next) => setQuery({ ...next })} />
      {downloadError && <ErrorMessage error={downloadError} />}
      {report.error && <ErrorMessage error={report.error} onRetry={report.reload} />}
      {report.loading && <Loading />}
      {shown && <ReportView report={shown} stale={report.loading} />}
      <ConsultationFigures office={filters.office ? { reference: filters.office, name: options.data?.offices.find((office) => office.reference === filters.office)?.name } : undefined} />
      <ReferralFigures office={filters.office ? { reference: filters.office, name: options.data?.offices.find((office) => office.reference === filters.office)?.name } : undefined} />
      <MultidoseCoverageFigures office={filters.office ? { reference: filters.office, name: options.data?.offices.find((office) => office.reference === filters.office)?.name } : undefined} />
      <MultidoseFigures office={filters.office ? { reference: filters.office, name: options.data?.offices.find((office) => office.reference === filters.office)?.name } : undefined} />
      <RevolvingDoorFigures office={filters.office ? { reference: filters.office, name: options.data?.offices.find((office) => office.reference === filters.office)?.name } : undefined} />
    </section>
  );
}

function ReportView({ report, stale }: { report: QualityReport; stale: boolean }) {
  const { t, language } = useLanguage();
  const count = (value: number | string | null) => <CountValue value={value} />;
  const weekSeries = useMemo(
    () => [
      { label: t.quality.transferred, values: report.weeks.map((w) => w.transferred) },
      { label: t.quality.contested, values: report.weeks.map((w) => w.contested) },
      { label: t.quality.accepted, values: report.weeks.map((w) => w.accepted) },
      { label: t.quality.completed, values: report.weeks.map((w) => w.completed) },
    ],
    [report, t],
  );
  const weeks = useMemo(() => report.weeks.map((w) => w.week), [report]);
  const nothing = report.totals.transferred === 0;

  const weekColumns: ReportColumn<QualityWeekRow>[] = [
    { header: t.quality.week, csv: 'week', cell: (row) => row.week },
    { header: t.quality.weekStart, csv: 'weekStart', cell: (row) => <time dateTime={row.weekStart}>{formatDate(row.weekStart, language)}</time> },
    { header: t.quality.transferred, csv: 'transferred', numeric: true, cell: (row) => count(row.transferred) },
    { header: t.quality.contested, csv: 'contested', numeric: true, cell: (row) => count(row.contested) },
    { header: t.quality.accepted, csv: 'accepted', numeric: true, cell: (row) => count(row.accepted) },
    { header: t.quality.completed, csv: 'completed', numeric: true, cell: (row) => count(row.completed) },
    { header: t.quality.medianHoursToAccept, csv: 'medianHoursToAccept', numeric: true, cell: (row) => count(row.medianHoursToAccept) },
  ];
  const breakdownColumns = (labelOf: (row: QualityBreakdownRow) => string): ReportColumn<QualityBreakdownRow>[] => [
    // In the CSV's order (key, label, …), so the export reads like the screen.
    { header: t.quality.key, csv: 'key', cell: (row) => <code className="key">{row.key}</code> },
    { header: t.quality.label, csv: 'label', cell: labelOf },
    { header: t.quality.transferred, csv: 'transferred', numeric: true, cell: (row) => count(row.transferred) },
    { header: t.quality.contested, csv: 'contested', numeric: true, cell: (row) => count(row.contested) },
  ];
  const reasonColumns: ReportColumn<ReasonCount>[] = [
    { header: t.quality.reason, csv: 'reason', cell: (row) => <code>{row.reason}</code> },
    { header: t.quality.reasonName, cell: (row) => contestReasonLabel(row.reason, language) },
    { header: t.quality.count, csv: 'count', numeric: true, cell: (row) => count(row.count) },
  ];

  return (
    <div className={`report ${stale ? 'stale' : ''}`} aria-busy={stale}>
      <p className="period">{t.quality.period(formatDate(report.filters.from, language), formatDate(report.filters.to, language))}</p>
      <section aria-label={t.quality.totals} className="figures light">
        <BoardFigure label={t.quality.transferred} value={report.totals.transferred} />
        <BoardFigure label={t.quality.contested} value={report.totals.contested} />
        <BoardFigure label={t.quality.accepted} value={report.totals.accepted} />
        <BoardFigure label={t.quality.completed} value={report.totals.completed} />
      </section>
      {nothing && <EmptyState>{t.quality.emptyReport}</EmptyState>}
      <section className="panel" aria-labelledby="quality-trend">
        <h2 id="quality-trend">{t.quality.trend}</h2>
        <TrendChart weeks={weeks} series={weekSeries} label={`${t.quality.trend}: ${weekSeries.map((s) => s.label).join(', ')}`} height={260} theme="light" />
      </section>
      <ReportTable section="weeks" caption={t.quality.weeksTable} columns={weekColumns} rows={report.weeks} rowKey={(row) => row.week} />
      <div className="report-columns">
        <ReportTable section="byCategory" caption={t.quality.byCategory} columns={breakdownColumns((row) => categoryLabel(row.key, language) || row.label)} rows={report.byCategory} rowKey={(row) => row.key} />
        <ReportTable section="contestedReasons" caption={t.quality.contestedReasons} columns={reasonColumns} rows={report.contestedReasons} rowKey={(row) => row.reason} />
      </div>
      <div className="report-columns">
        <ReportTable section="byUnit" caption={t.quality.byUnit} columns={breakdownColumns((row) => row.label)} rows={report.byUnit} rowKey={(row) => row.key} />
        <ReportTable section="byOffice" caption={t.quality.byOffice} columns={breakdownColumns((row) => row.label)} rows={report.byOffice} rowKey={(row) => row.key} />
      </div>
    </div>
  );
}
