import { PendingWorkflowFigures } from '@app/fhir/board/board-metrics';
import { useLanguage } from '../i18n/LanguageProvider';

/**
 * Workflows Bro does not run yet (their figures are null): said plainly, so nobody reads a blank
 * as zero consultations or zero rejected referrals.
 */
export function PendingWorkflowPanels({ figures }: { figures: PendingWorkflowFigures }) {
  const { t } = useLanguage();
  const panels = [
    { key: 'consultations', title: t.board.consultations, value: figures.consultations },
    { key: 'lowThresholdReferrals', title: t.board.lowThreshold, value: figures.lowThresholdReferrals },
    { key: 'multidose', title: t.board.multidose, value: figures.multidose },
  ];
  return (
    <>
      {panels
        .filter((panel) => panel.value === null)
        .map((panel) => (
          <section key={panel.key} className="board-panel pending" aria-labelledby={`pending-${panel.key}`}>
            <h2 id={`pending-${panel.key}`}>{panel.title}</h2>
            <p className="pending-state">{t.board.notYetAvailable}</p>
            <p className="hint">{t.board.pendingExplanation}</p>
          </section>
        ))}
    </>
  );
}
