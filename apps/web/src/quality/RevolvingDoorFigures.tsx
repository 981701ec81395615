import { useMemo } from 'react';
import { BoardScope } from '@app/fhir/board/board-metrics';
import type { RateCell, ReadmissionCounts, ReadmissionWeek, RevolvingDoorFigures as Figures } from '@app/fhir/api/revolving-door-answers';
import { queryString } from '../api/api-client';
import { useApi } from '../api/use-api';
import { BoardFigure } from '../board/BoardFigure';
import { TrendChart } from '../board/TrendChart';
import { CountValue } from '../components/CountValue';
import { ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDate, formatPercent } from '../i18n/format';
import { weekLabel } from '../i18n/week-label';
import { ReportColumn, ReportTable } from './ReportTable';
import { REVOLVING_DOOR_FIGURES_TEXTS } from './revolving-door-figures.texts';

type UnitRow = Figures['byUnit'][number];

/**
 * Revolving-door patients on the quality dashboard (`/api/quality/revolving-door`): the readmission rate per Oslo
 * week (the trend) and per discharging hospital unit, and the revolving-door patients with and without a joint
 * consultation. Aggregates only; the API hides small cells ("<5") and their complements.
 */
export function RevolvingDoorFigures({ office }: { office?: { reference: string; name?: string } }) {
  const { language } = useLanguage();
  const t = REVOLVING_DOOR_FIGURES_TEXTS[language];
  const scope: BoardScope = office && /^Organization\//.test(office.reference) ? (`office:${office.reference}` as BoardScope) : 'municipality';
  const figures = useApi<Figures>(`/api/quality/revolving-door${queryString({ scope })}`);
  const data = figures.data;
  const rate = (value: RateCell) => (value === '<5' ? <CountValue value={value} /> : formatPercent(value, language));
  const series = useMemo(
    // A hidden or empty week is a gap in the line, not a zero.
    () => [{ label: t.rate, values: (data?.weeks ?? []).map((week) => (typeof week.rate === 'number' ? Math.round(week.rate * 1000) / 10 : null)) }],
    [data, t],
  );

  const counts = <Row extends ReadmissionCounts>(): ReportColumn<Row>[] => [
    { header: t.discharges, numeric: true, cell: (row) => <CountValue value={row.discharges} fractionDigits={0} /> },
    { header: t.readmitted, numeric: true, cell: (row) => <CountValue value={row.readmitted} fractionDigits={0} /> },
    { header: t.rate, numeric: true, cell: (row) => rate(row.rate) },
  ];
  const weekColumns: ReportColumn<ReadmissionWeek>[] = [
    { header: t.week, cell: (row) => (row.complete ? weekLabel(row.week, language) : `${weekLabel(row.week, language)} (${t.open})`) },
    { header: t.weekStart, cell: (row) => <time dateTime={row.weekStart}>{formatDate(row.weekStart, language)}</time> },
    ...counts<ReadmissionWeek>(),
  ];
  const unitColumns: ReportColumn<UnitRow>[] = [{ header: t.unit, cell: (row) => row.name }, ...counts<UnitRow>()];

  return (
    <section className="panel quality-revolving-door" aria-labelledby="quality-revolving-door">
      <h2 id="quality-revolving-door">{t.title}</h2>
      <p className="lead">{t.lead(office && scope !== 'municipality' ? (office.name ?? office.reference) : undefined)}</p>
      {figures.loading && !data && <Loading />}
      {figures.error && <ErrorMessage error={figures.error} onRetry={figures.reload} />}
      {data && (
        <>
          <p className="period">{t.period(formatDate(data.from, language), formatDate(data.to, language))}</p>
          <section aria-label={t.totals} className="figures light">
            <BoardFigure label={t.discharges} value={data.totals.discharges} />
            <BoardFigure label={t.readmitted} value={data.totals.readmitted} />
            <BoardFigure label={t.rate} display={data.totals.rate === '<5' ? '<5' : formatPercent(data.totals.rate, language)} />
            <BoardFigure label={t.patients} value={data.patients.total} />
            <BoardFigure label={t.withJoint} value={data.patients.withJointConsultation} />
            <BoardFigure label={t.withoutJoint} value={data.patients.withoutJointConsultation} />
          </section>
          <section className="panel" aria-labelledby="quality-revolving-door-trend">
            <h3 id="quality-revolving-door-trend">{t.trend}</h3>
            <TrendChart weeks={data.weeks.map((week) => week.week)} series={series} label={`${t.trend} (%)`} height={220} theme="light" />
          </section>
          <div className="report-columns">
            <ReportTable caption={t.weeksTable} columns={weekColumns} rows={data.weeks} rowKey={(row) => row.week} />
            <ReportTable caption={t.byUnit} columns={unitColumns} rows={data.byUnit} rowKey={(row) => row.unit} />
          </div>
        </>
      )}
    </section>
  );
}
