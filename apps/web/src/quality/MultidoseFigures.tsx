import { BoardScope } from '@app/fhir/board/board-metrics';
import type { MultidoseFigures as Figures, MultidoseWeekFigures } from '@app/fhir/multidose/multidose-board-panel';
import { queryString } from '../api/api-client';
import { useApi } from '../api/use-api';
import { BoardFigure } from '../board/BoardFigure';
import { waitedText } from '../board/MultidosePanel';
import { MULTIDOSE_PANEL_TEXTS } from '../board/multidose-panel.texts';
import { CountValue } from '../components/CountValue';
import { ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatNumber, formatPercent } from '../i18n/format';
import { weekLabel } from '../i18n/week-label';
import { ReportColumn, ReportTable } from './ReportTable';

type WeekRow = { week: string; weekStart: string } & MultidoseWeekFigures;

/**
 * The multidose patients on the quality dashboard (`/api/quality/multidose`): per Oslo week the changes a
 * discharge left pending, the updated lists sent and how long they took, the share of updates past due and
 * the old-list deviations, and the patients now (paper vs e-multidose, pending, past due). Counts about 1–4
 * patients come as "<5" from the API; a median or share hidden with its cells shows "–".
 */
export function MultidoseFigures({ office }: { office?: { reference: string; name?: string } }) {
  const { language } = useLanguage();
  const t = MULTIDOSE_PANEL_TEXTS[language];
  const scope: BoardScope = office && /^Organization\//.test(office.reference) ? (`office:${office.reference}` as BoardScope) : 'municipality';
  const figures = useApi<Figures>(`/api/quality/multidose${queryString({ scope })}`);
  const data = figures.data;
  const hours = (value: number | null) => (value === null ? '–' : t.hours(formatNumber(value, language, 1)));

  const columns: ReportColumn<WeekRow>[] = [
    { header: t.week, cell: (row) => weekLabel(row.week, language) },
    { header: t.created, numeric: true, cell: (row) => <CountValue value={row.created} fractionDigits={0} /> },
    { header: t.completed, numeric: true, cell: (row) => <CountValue value={row.completed} fractionDigits={0} /> },
    { header: t.medianToList, numeric: true, cell: (row) => hours(row.medianHoursToList) },
    { header: t.due, numeric: true, cell: (row) => <CountValue value={row.due} fractionDigits={0} /> },
    { header: t.overdue, numeric: true, cell: (row) => <CountValue value={row.overdue} fractionDigits={0} /> },
    { header: t.overdueShare, numeric: true, cell: (row) => formatPercent(row.overdueShare, language) },
    { header: t.deviations, numeric: true, cell: (row) => <CountValue value={row.deviations} fractionDigits={0} /> },
  ];

  return (
    <section className="panel quality-multidose-patients" aria-labelledby="quality-multidose-patients">
      <h2 id="quality-multidose-patients">{t.figuresTitle}</h2>
      <p className="lead">{t.figuresLead(office && scope !== 'municipality' ? office.name ?? office.reference : undefined)}</p>
      {figures.loading && !data && <Loading />}
      {figures.error && <ErrorMessage error={figures.error} onRetry={figures.reload} />}
      {data && (
        <>
          <section aria-label={t.nowTitle} className="figures light">
            <BoardFigure label={t.pendingChanges} value={data.now.pendingChanges} />
            <BoardFigure label={t.waitedMedian} display={waitedText(data.now.waited, 'median', language)} />
            <BoardFigure label={t.overdueUpdates} value={data.now.overdueUpdates} />
            <BoardFigure label={t.oldListDeviations} value={data.now.oldListDeviations} />
            <BoardFigure label={t.eMultidosePatients} value={data.now.eMultidose} />
            <BoardFigure label={t.paperPatients} value={data.now.paper} />
            <BoardFigure label={t.paperOfficeNotConnected} value={data.now.paperOfficeNotConnected} />
          </section>
          <ReportTable caption={t.figuresTitle} columns={columns} rows={[...data.weeks, { week: t.total, weekStart: 'total', ...data.totals }]} rowKey={(row) => row.weekStart} />
        </>
      )}
    </section>
  );
}
