import { useMemo } from 'react';
import { DischargeBoardPanel } from '@app/fhir/transfers/discharge-board-panel';
import { EmptyState } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatNumber, formatPercent } from '../i18n/format';
import { formatHours } from '../i18n/format-hours';
import { contestReasonLabel } from '../i18n/labels';
import { BoardFigure } from './BoardFigure';
import type { BoardPanelViewProps } from './board-panel-views';
import { CategoryChart } from './CategoryChart';
import { OfficeLoadTable } from './OfficeLoadTable';
import { TrendChart } from './TrendChart';

/**
 * Task transfer at discharge on the board: the headline numbers, open tasks per category, the twelve
 * weeks' trend with time to accept and complete, GP-office load and why tasks were contested.
 */
export function DischargePanel({ panel, fontSize, wide, kiosk }: BoardPanelViewProps<DischargeBoardPanel>) {
  const { t, language } = useLanguage();
  const trend = panel.weeklyTrend;
  const trendSeries = useMemo(
    () => [
      { label: t.board.transferredSeries, values: trend.map((week) => week.transferred) },
      { label: t.board.contestedSeries, values: trend.map((week) => week.contested) },
    ],
    [trend, t],
  );
  const weeks = useMemo(() => trend.map((week) => week.week), [trend]);
  // A median over no tasks says "ingen data", never "0 t".
  const hours = (duration: { medianHours: number | string | null; tasks: number | string }) => formatHours(duration.medianHours, language, { tasks: duration.tasks });

  const headline = (
    <section className="board-panel headline" aria-labelledby="board-now">
      <h2 id="board-now" className="visually-hidden">
        {t.board.headline}
      </h2>
      <div className="figures">
        <BoardFigure label={t.board.open} value={panel.now.open} />
        <BoardFigure label={t.board.overdue} value={panel.now.overdue} tone={panel.now.overdue !== 0 ? 'alert' : undefined} />
        <BoardFigure label={t.board.unassigned} value={panel.now.unassigned} tone={panel.now.unassigned !== 0 ? 'warning' : undefined} />
        <BoardFigure label={t.board.awaitingHospital} value={panel.now.awaitingHospital} />
        <BoardFigure label={t.board.transferredToday} value={panel.today.transferred} />
        <BoardFigure label={t.board.transferredThisWeek} value={panel.thisWeek.transferred} />
        <BoardFigure label={t.board.contestedThisWeek} value={panel.thisWeek.contested} />
        <BoardFigure label={t.board.contestedShare} display={formatPercent(panel.thisWeek.contestedShare, language)} />
      </div>
    </section>
  );
  // In kiosk mode the headline figures alone: charts and tables are not read from across the room.
  if (kiosk) return headline;

  return (
    <>
      {headline}

      <section className="board-panel categories" aria-labelledby="board-categories">
        <h2 id="board-categories">
          {t.board.byCategory} <span className="subtitle">({t.board.openSeries.toLowerCase()})</span>
        </h2>
        <CategoryChart categories={panel.byCategory} fontSize={fontSize} />
      </section>

      <section className="board-panel trend" aria-labelledby="board-trend">
        <h2 id="board-trend">{t.board.trend}</h2>
        <TrendChart weeks={weeks} series={trendSeries} label={`${t.board.trend}: ${t.board.transferredSeries}, ${t.board.contestedSeries}`} height={wide ? 300 : 220} fontSize={fontSize} />
        <div className="figures small">
          <BoardFigure label={t.board.timeToAccept} display={hours(panel.timeToAccept)} />
          <BoardFigure label={t.board.timeToComplete} display={hours(panel.timeToComplete)} />
        </div>
      </section>

      <section className="board-panel offices" aria-labelledby="board-offices">
        <h2 id="board-offices">{t.board.officeLoad}</h2>
        <OfficeLoadTable offices={panel.officeLoad.slice(0, wide ? 7 : 20)} unassigned={panel.now.unassigned} />
      </section>

      <section className="board-panel reasons" aria-labelledby="board-reasons">
        <h2 id="board-reasons">{t.board.contestedReasons}</h2>
        {panel.contestedReasons.length === 0 ? (
          <EmptyState>{t.board.contestedReasonsEmpty}</EmptyState>
        ) : (
          <ul className="reason-list">
            {panel.contestedReasons.map((row) => (
              <li key={row.reason}>
                <span>{contestReasonLabel(row.reason, language)}</span>
                <strong>{typeof row.count === 'number' ? formatNumber(row.count, language) : row.count}</strong>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
