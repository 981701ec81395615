import { QueueHealthSummary } from '@app/fhir/board/board-metrics';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatNumber } from '../i18n/format';
import { BoardFigure } from './BoardFigure';

/** Over these, notifications are late enough for people to notice (a new task should reach a GP within seconds). */
const SLOW_OLDEST_SECONDS = 60;
const SLOW_P99_MS = 5_000;

/** Whether notifications are flowing: queue depth, the oldest waiting job, delivery p99 and failures. */
export function QueueHealthPanel({ queues }: { queues: QueueHealthSummary }) {
  const { t, language } = useLanguage();
  const slow = queues.oldestWaitingSeconds > SLOW_OLDEST_SECONDS || (queues.deliveryP99Ms ?? 0) > SLOW_P99_MS || queues.failed > 0;
  return (
    <>
      <p className={`queue-state ${slow ? 'warning' : 'ok'}`} role="status">
        <span aria-hidden="true">{slow ? '▲' : '●'}</span> {slow ? t.board.queueSlow : t.board.queueHealthy}
      </p>
      <div className="figures small">
        <BoardFigure label={t.board.queueDepth} value={queues.depth} />
        <BoardFigure label={t.board.queueOldest} display={t.board.seconds(formatNumber(Math.round(queues.oldestWaitingSeconds), language, 0))} tone={queues.oldestWaitingSeconds > SLOW_OLDEST_SECONDS ? 'warning' : undefined} />
        <BoardFigure
          label={t.board.queueP99}
          display={queues.deliveryP99Ms === null ? t.common.none : t.board.milliseconds(formatNumber(Math.round(queues.deliveryP99Ms), language, 0))}
          tone={(queues.deliveryP99Ms ?? 0) > SLOW_P99_MS ? 'warning' : undefined}
        />
        <BoardFigure label={t.board.queueFailed} value={queues.failed} tone={queues.failed > 0 ? 'alert' : undefined} />
      </div>
    </>
  );
}
