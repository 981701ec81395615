import { ReferralBoardPanel } from '@app/fhir/referrals/referral-board-panel';
import { useLanguage } from '../i18n/LanguageProvider';
import { BoardFigure } from './BoardFigure';
import type { BoardPanelViewProps } from './board-panel-views';
import { REFERRAL_PANEL_TEXTS } from './referral-panel.texts';

/**
 * Rejected referrals and the low-threshold service on the board: the queue now (waiting and taken), its
 * cases past their triage deadline in red, referrals the hospital has not answered by their assessment
 * deadline, and this week's rejections, sent on or not. The wall screen shows what needs acting on and this
 * week's rejections in a narrow column beside the queues; the laptop view adds how they split.
 */
export function ReferralPanel({ panel, wide }: BoardPanelViewProps<ReferralBoardPanel>) {
  const { language } = useLanguage();
  const t = REFERRAL_PANEL_TEXTS[language];
  const overdueTriage = panel.now.overdueTriage !== 0 ? 'alert' : undefined;
  const unanswered = panel.now.unansweredPastDeadline !== 0 ? 'warning' : undefined;

  if (wide) {
    return (
      <section className="board-panel referrals-wall" aria-labelledby="board-referrals" aria-describedby="board-referrals-full">
        <h2 id="board-referrals">{t.wallTitle}</h2>
        <span id="board-referrals-full" className="visually-hidden">
          {t.title}
        </span>
        <div className="figures small">
          <BoardFigure label={t.wallOpenInQueue} value={panel.now.openInQueue} />
          <BoardFigure label={t.wallOverdueTriage} value={panel.now.overdueTriage} tone={overdueTriage} />
          <BoardFigure label={t.wallUnanswered} value={panel.now.unansweredPastDeadline} tone={unanswered} />
          <BoardFigure label={t.wallRejected} value={panel.thisWeek.rejected} />
        </div>
      </section>
    );
  }

  return (
    <section className="board-panel headline referrals" aria-labelledby="board-referrals">
      <h2 id="board-referrals">{t.title}</h2>
      <div className="figures">
        <BoardFigure label={t.openInQueue} value={panel.now.openInQueue} />
        <BoardFigure label={t.waiting} value={panel.now.waiting} />
        <BoardFigure label={t.claimed} value={panel.now.claimed} />
        <BoardFigure label={t.overdueTriage} value={panel.now.overdueTriage} tone={overdueTriage} />
        <BoardFigure label={t.unansweredPastDeadline} value={panel.now.unansweredPastDeadline} tone={unanswered} />
        <BoardFigure label={`${t.rejected} (${t.thisWeek})`} value={panel.thisWeek.rejected} />
        <BoardFigure label={`${t.routed} (${t.thisWeek})`} value={panel.thisWeek.routed} />
        <BoardFigure label={`${t.notRouted} (${t.thisWeek})`} value={panel.thisWeek.notRouted} />
      </div>
    </section>
  );
}
