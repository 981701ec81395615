import { useMemo, useState } from 'react';
import { QualityBreakdownRow, QualityFilterOptions, QualityFilters, QualityReport, QualityWeekRow, ReasonCount } from '@app/fhir/board/board-metrics';
import { useApi } from '../api/use-api';
import { CountValue } from '../components/CountValue';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { TrendChart } from '../board/TrendChart';
import { BoardFigure } from '../board/BoardFigure';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDate, formatPercent } from '../i18n/format';
import { weekLabel } from '../i18n/week-label';
import { formatHours } from '../i18n/format-hours';
import { categoryLabel, contestReasonLabel } from '../i18n/labels';
import { setQuery, useLocation } from '../routing/router';
import { BreakdownBarChart } from './BreakdownBarChart';
import { ConsultationFigures } from './ConsultationFigures';
import { MultidoseCoverageFigures } from './MultidoseCoverageFigures';
import { MultidoseFigures } from './MultidoseFigures';
import { ReferralFigures } from './ReferralFigures';
import { RevolvingDoorFigures } from './RevolvingDoorFigures';
import { QualityFilterForm } from './QualityFilterForm';
import { CsvFormat, CsvTable, csvPath, qualityFiltersFrom, qualityQuery, reportPath } from './quality-query';
import { QUALITY_REPORT_TEXTS } from './quality-report.texts';
import { organizationLabel } from '../i18n/organization-label';
import { ReportColumn, ReportTable } from './ReportTable';
import { TableCsvLink } from './TableCsvLink';

const CSV_FORMAT_KEY = 'bro.quality.csvFormat';

function initialCsvFormat(): CsvFormat {
  return localStorage.getItem(CSV_FORMAT_KEY) === 'standard' ? 'standard' : 'excel';
}

/** Whether the report answers the filters chosen now (its `filters` have the defaults filled in). */
function answersFilters(report: QualityReport, chosen: QualityFilters): boolean {
  const asked = { ...chosen, from: chosen.from ?? report.filters.from, to: chosen.to ?? report.filters.to };
  return qualityQuery(asked) === qualityQuery(report.filters);
}

/**
 * The quality team's dashboard: weekly trends, breakdowns as bars and tables, contested reasons for chosen
 * filters, each table downloadable as a CSV file of its own; then the joint consultations and the other
 * workflows' figures. Figures of a previous selection are marked as such, never passed off as the new one's.
 */
export function QualityPage() {
  const { t, language } = useLanguage();
  const texts = QUALITY_REPORT_TEXTS[language];
  const { query } = useLocation();
  const filters = qualityFiltersFrom(query);
  const periodIsValid = !(filters.from && filters.to && filters.from > filters.to);
  const options = useApi<QualityFilterOptions>('/api/quality/filters');
  const report = useApi<QualityReport>(periodIsValid ? reportPath(filters) : null);
  const [csvFormat, setCsvFormat] = useState<CsvFormat>(initialCsvFormat);
  const shown = report.data;
  const current = Boolean(shown && periodIsValid && !report.loading && !report.error && answersFilters(shown, filters));
  // The CSV of the period the report used (defaults filled in), so file and screen answer for the same days.
  const exportPath = shown && current ? (table: CsvTable) => csvPath(shown.filters, table, csvFormat, language) : undefined;
  const officeName = filters.office ? options.data?.offices.find((office) => office.reference === filters.office)?.name : undefined;
  const office = filters.office ? { reference: filters.office, name: officeName ? organizationLabel(officeName, language) : texts.chosenOffice } : undefined;

  const chooseFormat = (format: CsvFormat) => {
    localStorage.setItem(CSV_FORMAT_KEY, format);
    setCsvFormat(format);
  };

  return (
    <section className="page quality">
      <header className="page-header with-action">
        <div>
          <h1>{t.quality.title}</h1>
          <p className="lead">{t.quality.lead}</p>
        </div>
        <div className="field csv-format">
          <label htmlFor="quality-csv-format">{texts.csvFormat}</label>
          <select id="quality-csv-format" value={csvFormat} onChange={(event) => chooseFormat(event.target.value as CsvFormat)}>
            <option value="excel">{texts.formats.excel}</option>
            <option value="standard">{texts.formats.standard}</option>
          </select>
          <small>{texts.csvHelp}</small>
        </div>
      </header>
      {options.error && <ErrorMessage error={options.error} onRetry={options.reload} />}
      <QualityFilterForm filters={filters} applied={shown?.filters} options={options.data} onChange={(next) => setQuery({ ...next })} />
      {report.error && <ErrorMessage error={report.error} onRetry={report.reload} />}
      {report.loading && <Loading label={shown ? texts.loadingNew : undefined} />}
      {shown && !current && !report.loading && (
        <p className="stale-notice" role="status">
          {texts.staleFigures(`${formatDate(shown.filters.from, language)} – ${formatDate(shown.filters.to, language)}`)}
        </p>
      )}
      {shown && <ReportView report={shown} stale={!current} exportPath={exportPath} />}
      <ConsultationFigures office={office} />
      <ReferralFigures office={office} />
      <MultidoseCoverageFigures office={office} />
      <MultidoseFigures office={office} />
      <RevolvingDoorFigures office={office} />
    </section>
  );
}

function ReportView({ report, stale, exportPath }: { report: QualityReport; stale: boolean; exportPath?: (table: CsvTable) => string }) {
  const { t, language } = useLanguage();
  const texts = QUALITY_REPORT_TEXTS[language];
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
  // The share contested only where both counts are shown; a suppressed week is a gap, not a guess.
  const shareSeries = useMemo(
    () => [
      {
        label: texts.contestedShare,
        values: report.weeks.map((w) => (typeof w.transferred === 'number' && typeof w.contested === 'number' && w.transferred > 0 ? Math.round((w.contested / w.transferred) * 1000) / 10 : null)),
      },
    ],
    [report, texts],
  );
  const medianSeries = useMemo(() => [{ label: t.quality.medianHoursToAccept, values: report.weeks.map((w) => w.medianHoursToAccept) }], [report, t]);
  const weeks = useMemo(() => report.weeks.map((w) => w.week), [report]);
  const nothing = report.totals.transferred === 0;
  const download = (table: CsvTable, caption: string) => (exportPath ? <TableCsvLink path={exportPath(table)} table={caption} /> : undefined);
  const transferred = typeof report.totals.transferred === 'number' ? report.totals.transferred : null;
  const contested = typeof report.totals.contested === 'number' ? report.totals.contested : null;

  const weekColumns: ReportColumn<QualityWeekRow>[] = [
    { header: t.quality.week, csv: 'week', cell: (row) => weekLabel(row.week, language) },
    { header: t.quality.weekStart, csv: 'weekStart', cell: (row) => <time dateTime={row.weekStart}>{formatDate(row.weekStart, language)}</time> },
    { header: t.quality.transferred, csv: 'transferred', numeric: true, cell: (row) => count(row.transferred) },
    { header: t.quality.contested, csv: 'contested', numeric: true, cell: (row) => count(row.contested) },
    { header: t.quality.accepted, csv: 'accepted', numeric: true, cell: (row) => count(row.accepted) },
    { header: t.quality.completed, csv: 'completed', numeric: true, cell: (row) => count(row.completed) },
    { header: t.quality.medianHoursToAccept, csv: 'medianHoursToAccept', numeric: true, cell: (row) => formatHours(row.medianHoursToAccept, language, { tasks: row.accepted }) },
  ];
  // Units and offices by name only: their references are for the CSV's scripts, not for reading.
  const breakdownColumns = (labelOf: (row: QualityBreakdownRow) => string, withKey: boolean): ReportColumn<QualityBreakdownRow>[] => [
    ...(withKey ? [{ header: t.quality.key, csv: 'key', cell: (row: QualityBreakdownRow) => <code className="key">{row.key}</code> }] : []),
    { header: t.quality.label, csv: 'label', cell: labelOf },
    { header: t.quality.transferred, csv: 'transferred', numeric: true, cell: (row) => count(row.transferred) },
    { header: t.quality.contested, csv: 'contested', numeric: true, cell: (row) => count(row.contested) },
  ];
  const reasonColumns: ReportColumn<ReasonCount>[] = [
    { header: t.quality.reason, csv: 'reason', cell: (row) => <code>{row.reason}</code> },
    { header: t.quality.reasonName, cell: (row) => contestReasonLabel(row.reason, language) },
    { header: t.quality.count, csv: 'count', numeric: true, cell: (row) => count(row.count) },
  ];
  const categoryName = (row: QualityBreakdownRow) => categoryLabel(row.key, language) || row.label;
  const organizationName = (row: QualityBreakdownRow) => organizationLabel(row.label, language);
  /** A breakdown's table, its bars beside it, and its own CSV file. */
  const breakdown = (section: 'byCategory' | 'byUnit' | 'byOffice', caption: string, labelOf: (row: QualityBreakdownRow) => string, withKey: boolean) => (
    <ReportTable
      section={section}
      caption={caption}
      columns={breakdownColumns(labelOf, withKey)}
      rows={report[section]}
      rowKey={(row) => row.key}
      chart={
        <BreakdownBarChart
          title={caption}
          rows={report[section].map(labelOf)}
          series={[
            { label: t.quality.transferred, values: report[section].map((row) => row.transferred) },
            { label: t.quality.contested, values: report[section].map((row) => row.contested) },
          ]}
        />
      }
      download={download(section, caption)}
    />
  );

  return (
    <div className={`report ${stale ? 'stale' : ''}`} aria-busy={stale}>
      <p className="period">{t.quality.period(formatDate(report.filters.from, language), formatDate(report.filters.to, language))}</p>
      <section aria-label={t.quality.totals} className="figures light">
        <BoardFigure label={t.quality.transferred} value={report.totals.transferred} />
        <BoardFigure label={t.quality.contested} value={report.totals.contested} />
        <BoardFigure label={texts.contestedShare} display={transferred && contested !== null ? formatPercent(contested / transferred, language) : formatPercent(null, language)} />
        <BoardFigure label={t.quality.accepted} value={report.totals.accepted} />
        <BoardFigure label={t.quality.completed} value={report.totals.completed} />
        <BoardFigure label={t.board.timeToAccept} display={formatHours(report.timeToAccept.medianHours, language, { tasks: report.timeToAccept.tasks })} />
      </section>
      {nothing && <EmptyState>{t.quality.emptyReport}</EmptyState>}
      <section className="panel" aria-labelledby="quality-trend">
        <h2 id="quality-trend">{t.quality.trend}</h2>
        <TrendChart weeks={weeks} series={weekSeries} label={`${t.quality.trend}: ${weekSeries.map((s) => s.label).join(', ')}`} height={260} theme="light" />
      </section>
      <div className="quality-trends">
        <section className="panel" aria-labelledby="quality-share-trend">
          <h2 id="quality-share-trend">{texts.contestedShareTrend}</h2>
          <TrendChart weeks={weeks} series={shareSeries} label={texts.contestedShareTrend} height={200} theme="light" />
        </section>
        <section className="panel" aria-labelledby="quality-median-trend">
          <h2 id="quality-median-trend">{texts.medianTrend}</h2>
          <TrendChart weeks={weeks} series={medianSeries} label={texts.medianTrend} height={200} theme="light" />
        </section>
      </div>
      <ReportTable section="weeks" caption={t.quality.weeksTable} columns={weekColumns} rows={report.weeks} rowKey={(row) => row.week} download={download('weeks', t.quality.weeksTable)} />
      <div className="report-columns">
        {breakdown('byCategory', t.quality.byCategory, categoryName, true)}
        <ReportTable
          section="contestedReasons"
          caption={t.quality.contestedReasons}
          columns={reasonColumns}
          rows={report.contestedReasons}
          rowKey={(row) => row.reason}
          chart={
            <BreakdownBarChart
              title={t.quality.contestedReasons}
              rows={report.contestedReasons.map((row) => contestReasonLabel(row.reason, language))}
              series={[{ label: t.quality.count, values: report.contestedReasons.map((row) => row.count) }]}
            />
          }
          download={download('contestedReasons', t.quality.contestedReasons)}
        />
      </div>
      <div className="report-columns">
        {breakdown('byUnit', t.quality.byUnit, organizationName, false)}
        {breakdown('byOffice', t.quality.byOffice, organizationName, false)}
      </div>
    </div>
  );
}
