import { useEffect, useId, useState } from 'react';
import { BoardSnapshot } from '@app/fhir/board/board-metrics';
import { useSession } from '../auth/AuthProvider';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatTime } from '../i18n/format';
import { setQuery, useLocation } from '../routing/router';
import { panelsToDraw } from './board-panel-views';
import { QueueHealthPanel } from './QueueHealthPanel';
import { useBoardScopes } from './use-board-scopes';
import { useLiveBoard } from './use-live-board';
import { useViewportWidth } from './use-viewport-width';

/** Wall screens are wide: from here on the board uses its large type. */
const WALL_SCREEN_WIDTH = 1600;

/**
 * The collaboration board (samhandlingstavle): live figures for a scope, one panel per workflow the
 * API sends, readable from across a room on a 1920×1080 screen and still usable on a laptop. Updates
 * without reloading.
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
  const { t } = useLanguage();
  return (
    <div className="board-grid">
      {panelsToDraw(snapshot.panels).map(({ key, View, panel }) => (
        <View key={key} panel={panel} fontSize={fontSize} wide={wide} />
      ))}

      <section className="board-panel queues" aria-labelledby="board-queues">
        <h2 id="board-queues">{t.board.queues}</h2>
        <QueueHealthPanel queues={snapshot.queues} />
      </section>
    </div>
  );
}
