import { useEffect, useId, useMemo, useState } from 'react';
import { BoardSnapshot } from '@app/fhir/board/board-metrics';
import { useSession } from '../auth/AuthProvider';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatNumber, formatPercent, formatTime } from '../i18n/format';
import { contestReasonLabel } from '../i18n/labels';
import { setQuery, useLocation } from '../routing/router';
import { BoardFigure } from './BoardFigure';
import { CategoryChart } from './CategoryChart';
import { OfficeLoadTable } from './OfficeLoadTable';
import { PendingWorkflowPanels } from './PendingWorkflowPanels';
import { QueueHealthPanel } from './QueueHealthPanel';
import { TrendChart } from './TrendChart';
import { useBoardScopes } from './use-board-scopes';
import { useLiveBoard } from './use-live-board';
import { useViewportWidth } from './use-viewport-width';

/** Wall screens are wide: from here on the board uses its large type. */
const WALL_SCREEN_WIDTH = 1600;

/**
 * The collaboration board (samhandlingstavle): live task-load figures for a scope, readable from
 * across a room on a 1920×1080 screen and still usable on a laptop. Updates without reloading.
 */
export function BoardPage() {
  const { t, language } = useLanguage();
  const session = useSession();
  const { query } = useLocation();
  const pickerId = useId();
  const { scopes, options, chosen } = useBoardScopes(session.role, query.get('scope'));
  const { snapshot, connection, error } = useLiveBoard(session.accessToken, chosen);
  const wide = useViewportWidth() >= WALL_SCREEN_WIDTH;
  const fontSize = wide ? 17 : 14;
  const [fullscreen, setFullscreen] = useState(Boolean(document.fullscreenElement));

  useEffect(() => {
    const update = () => setFullscreen(Boolean(document.fullscreenElement));
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, []);

  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen?.();
  };

  return (
    <section className={`page board ${wide ? 'wall' : ''}`}>
      <header className="board-header">
        <h1>{snapshot ? `${t.board.title}: ${snapshot.scopeLabel}` : t.board.title}</h1>
        <div className="board-controls">
          {options.length > 0 && (
            <label htmlFor={pickerId} className="inline-label">
              {t.board.scope}
            </label>
          )}
          {options.length > 0 && (
            <select id={pickerId} value={chosen ?? ''} onChange={(event) => setQuery({ scope: event.target.value })}>
              {options.map((option) => (
                <option key={option.scope} value={option.scope}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
          <span className={`connection ${connection}`} role="status">
            <span aria-hidden="true">●</span> {connection === 'live' ? t.common.live : connection === 'offline' ? t.common.offline : t.common.loading}
            {snapshot && connection === 'live' && (
              <span className="updated">
                {' · '}
                <time dateTime={snapshot.generatedAt}>{t.common.updatedAt(formatTime(snapshot.generatedAt, language))}</time>
              </span>
            )}
          </span>
          <button type="button" onClick={toggleFullscreen}>
            {fullscreen ? t.board.exitFullscreen : t.board.fullscreen}
          </button>
        </div>
      </header>
      {scopes.error && <ErrorMessage error={scopes.error} onRetry={scopes.reload} />}
      {scopes.data && options.length === 0 && <EmptyState>{t.board.noScopes}</EmptyState>}
      {error && <ErrorMessage error={new Error(error)} />}
      {chosen && !snapshot && !error && <Loading />}
      {snapshot && <BoardContent snapshot={snapshot} fontSize={fontSize} wide={wide} />}
    </section>
  );
}

function BoardContent({ snapshot, fontSize, wide }: { snapshot: BoardSnapshot; fontSize: number; wide: boolean }) {
  const { t, language } = useLanguage();
  const trend = snapshot.weeklyTrend;
  const trendSeries = useMemo(
    () => [
      { label: t.board.transferredSeries, values: trend.map((week) => week.transferred) },
      { label: t.board.contestedSeries, values: trend.map((week) => week.contested) },
    ],
    [trend, t],
  );
  const weeks = useMemo(() => trend.map((week) => week.week), [trend]);
  const hours = (value: number | string | null) => (typeof value === 'number' ? t.board.hours(formatNumber(value, language)) : value === null ? t.common.none : value);

  return (
    <div className="board-grid">
      <section className="board-panel headline" aria-labelledby="board-now">
        <h2 id="board-now" className="visually-hidden">
          {t.board.headline}
        </h2>
        <div className="figures">
          <BoardFigure label={t.board.open} value={snapshot.now.open} />
          <BoardFigure label={t.board.overdue} value={snapshot.now.overdue} tone={snapshot.now.overdue !== 0 ? 'alert' : undefined} />
          <BoardFigure label={t.board.unassigned} value={snapshot.now.unassigned} tone={snapshot.now.unassigned !== 0 ? 'warning' : undefined} />
          <BoardFigure label={t.board.awaitingHospital} value={snapshot.now.awaitingHospital} />
          <BoardFigure label={t.board.transferredToday} value={snapshot.today.transferred} />
          <BoardFigure label={t.board.transferredThisWeek} value={snapshot.thisWeek.transferred} />
          <BoardFigure label={t.board.contestedThisWeek} value={snapshot.thisWeek.contested} />
          <BoardFigure label={t.board.contestedShare} display={formatPercent(snapshot.thisWeek.contestedShare, language)} />
        </div>
      </section>

      <section className="board-panel categories" aria-labelledby="board-categories">
        <h2 id="board-categories">
          {t.board.byCategory} <span className="subtitle">({t.board.openSeries.toLowerCase()})</span>
        </h2>
        <CategoryChart categories={snapshot.byCategory} fontSize={fontSize} />
      </section>

      <section className="board-panel trend" aria-labelledby="board-trend">
        <h2 id="board-trend">{t.board.trend}</h2>
        <TrendChart weeks={weeks} series={trendSeries} label={`${t.board.trend}: ${t.board.transferredSeries}, ${t.board.contestedSeries}`} height={wide ? 300 : 220} fontSize={fontSize} />
        <div className="figures small">
          <BoardFigure label={t.board.timeToAccept} display={hours(snapshot.timeToAccept.medianHours)} />
          <BoardFigure label={t.board.timeToComplete} display={hours(snapshot.timeToComplete.medianHours)} />
        </div>
      </section>

      <section className="board-panel offices" aria-labelledby="board-offices">
        <h2 id="board-offices">{t.board.officeLoad}</h2>
        <OfficeLoadTable offices={snapshot.officeLoad.slice(0, wide ? 7 : 20)} />
      </section>

      <section className="board-panel reasons" aria-labelledby="board-reasons">
        <h2 id="board-reasons">{t.board.contestedReasons}</h2>
        {snapshot.contestedReasons.length === 0 ? (
          <EmptyState>{t.board.contestedReasonsEmpty}</EmptyState>
        ) : (
          <ul className="reason-list">
            {snapshot.contestedReasons.map((row) => (
              <li key={row.reason}>
                <span>{contestReasonLabel(row.reason, language)}</span>
                <strong>{typeof row.count === 'number' ? formatNumber(row.count, language) : row.count}</strong>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="board-panel queues" aria-labelledby="board-queues">
        <h2 id="board-queues">{t.board.queues}</h2>
        <QueueHealthPanel queues={snapshot.queues} />
      </section>

      <PendingWorkflowPanels figures={snapshot} />
    </div>
  );
}
