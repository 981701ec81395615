import { useEffect, useId, useState } from 'react';
import { BoardSnapshot } from '@app/fhir/board/board-metrics';
import { useSession } from '../auth/AuthProvider';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatTime } from '../i18n/format';
import { setQuery, useLocation } from '../routing/router';
import { panelsToDraw } from './board-panel-views';
import { isKioskBoard } from './kiosk-mode';
import { QueueHealthPanel } from './QueueHealthPanel';
import { useBoardScopes } from './use-board-scopes';
import { useLiveBoard } from './use-live-board';
import { useViewportWidth } from './use-viewport-width';

/** Wall screens are wide: from here on the board uses its large type. */
const WALL_SCREEN_WIDTH = 1600;
/** Type in kiosk mode, read from about 4 m away: no label under this many pixels (charts' labels too). */
const KIOSK_FONT_SIZE = 28;

/**
 * The collaboration board (samhandlingstavle): live figures for a scope, one panel per workflow the
 * API sends, readable from across a room on a 1920×1080 screen and still usable on a laptop. Updates
 * without reloading. In kiosk mode (`?kiosk=1`) the board alone, in still larger type, without the
 * scope picker and the notification-queue figures (those are for the people who run Bro).
 */
export function BoardPage() {
  const { t, language } = useLanguage();
  const session = useSession();
  const { query } = useLocation();
  const pickerId = useId();
  const { scopes, options, chosen } = useBoardScopes(session.role, query.get('scope'));
  const { snapshot, connection, error } = useLiveBoard(session.accessToken, chosen);
  const kiosk = isKioskBoard(query);
  const viewportWidth = useViewportWidth();
  const wide = kiosk || viewportWidth >= WALL_SCREEN_WIDTH;
  const fontSize = kiosk ? KIOSK_FONT_SIZE : wide ? 17 : 14;
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
    <section className={`page board ${kiosk ? 'kiosk' : wide ? 'wall' : ''}`}>
      <header className="board-header">
        <h1>{snapshot ? `${t.board.title}: ${snapshot.scopeLabel}` : t.board.title}</h1>
        <div className="board-controls">
          {!kiosk && options.length > 0 && (
            <label htmlFor={pickerId} className="inline-label">
              {t.board.scope}
            </label>
          )}
          {!kiosk && options.length > 0 && (
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
          {!kiosk && (
            <button type="button" onClick={toggleFullscreen}>
              {fullscreen ? t.board.exitFullscreen : t.board.fullscreen}
            </button>
          )}
        </div>
      </header>
      {scopes.error && <ErrorMessage error={scopes.error} onRetry={scopes.reload} />}
      {scopes.data && options.length === 0 && <EmptyState>{t.board.noScopes}</EmptyState>}
      {error && <ErrorMessage error={new Error(error)} />}
      {chosen && !snapshot && !error && <Loading />}
      {snapshot && <BoardContent snapshot={snapshot} fontSize={fontSize} wide={wide} kiosk={kiosk} />}
    </section>
  );
}

function BoardContent({ snapshot, fontSize, wide, kiosk }: { snapshot: BoardSnapshot; fontSize: number; wide: boolean; kiosk: boolean }) {
  const { t } = useLanguage();
  return (
    <div className="board-grid">
      {panelsToDraw(snapshot.panels).map(({ key, View, panel }) => (
        <View key={key} panel={panel} fontSize={fontSize} wide={wide} kiosk={kiosk} />
      ))}

      {!kiosk && (
        <section className="board-panel queues" aria-labelledby="board-queues">
          <h2 id="board-queues">{t.board.queues}</h2>
          <QueueHealthPanel queues={snapshot.queues} />
        </section>
      )}
    </div>
  );
}
