import { useMemo } from 'react';
import { ConsultationBoardPanel } from '@app/fhir/consultations/consultation-board-panel';
import { CountValue } from '../components/CountValue';
import { EmptyState } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatPercent } from '../i18n/format';
import { BoardFigure } from './BoardFigure';
import type { BoardPanelViewProps } from './board-panel-views';
import { CONSULTATION_PANEL_TEXTS } from './consultation-panel.texts';
import { TrendChart } from './TrendChart';

const OUTCOMES = ['awaiting', 'booked', 'held', 'declinedOrCancelled'] as const;

/**
 * Joint discharge consultations on the board: this week's proposed and what became of them, the twelve
 * weeks' trend, the planning units, and whether discharges with a consultation are contested less.
 */
export function ConsultationPanel({ panel, fontSize, wide }: BoardPanelViewProps<ConsultationBoardPanel>) {
  const { language } = useLanguage();
  const t = CONSULTATION_PANEL_TEXTS[language];
  const thisWeek = panel.weeks[panel.weeks.length - 1];
  const weeks = useMemo(() => panel.weeks.map((week) => week.week), [panel.weeks]);
  const series = useMemo(
    () => [
      { label: t.proposed, values: panel.weeks.map((week) => week.proposed) },
      { label: t.held, values: panel.weeks.map((week) => week.held) },
      { label: t.declinedOrCancelled, values: panel.weeks.map((week) => week.declinedOrCancelled) },
    ],
    [panel.weeks, t],
  );

  const figures = (
    <>
      <BoardFigure label={t.proposed} value={thisWeek?.proposed ?? 0} />
      {OUTCOMES.map((outcome) => (
        <BoardFigure key={outcome} label={t[outcome]} value={thisWeek?.[outcome] ?? 0} />
      ))}
      <BoardFigure label={t.dischargesWith} display={formatPercent(panel.dischargesWithConsultation.share, language)} />
      <BoardFigure label={t.contestedWith} display={formatPercent(panel.contestedWithConsultation.share, language)} />
      <BoardFigure label={t.contestedWithout} display={formatPercent(panel.contestedWithoutConsultation.share, language)} />
    </>
  );

  // The wall screen has room for this week's figures beside the discharge panel's last row; the trend and
  // the units are for the laptop view, where the board scrolls.
  if (wide) {
    return (
      <section className="board-panel consultations-wall" aria-labelledby="board-consultations">
        <h2 id="board-consultations">
          {t.title} <span className="subtitle">({t.thisWeek})</span>
        </h2>
        <div className="figures small">{figures}</div>
      </section>
    );
  }

  return (
    <>
      <section className="board-panel headline consultations" aria-labelledby="board-consultations">
        <h2 id="board-consultations">
          {t.title} <span className="subtitle">({t.thisWeek})</span>
        </h2>
        <div className="figures">{figures}</div>
      </section>

      <section className="board-panel trend consultations" aria-labelledby="board-consultation-trend">
        <h2 id="board-consultation-trend">{t.trend}</h2>
        <TrendChart weeks={weeks} series={series} label={`${t.trend}: ${series.map((s) => s.label).join(', ')}`} height={220} fontSize={fontSize} />
      </section>

      <section className="board-panel consultation-units" aria-labelledby="board-consultation-units">
        <h2 id="board-consultation-units">{t.byUnit}</h2>
        {panel.byUnit.length === 0 ? (
          <EmptyState>{t.unitsEmpty}</EmptyState>
        ) : (
          <table className="board-table">
            <thead>
              <tr>
                <th scope="col">{t.unit}</th>
                <th scope="col" className="number">{t.proposed}</th>
                {OUTCOMES.map((outcome) => (
                  <th key={outcome} scope="col" className="number">
                    {t[outcome]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {panel.byUnit.slice(0, 20).map((unit) => (
                <tr key={unit.unit}>
                  <th scope="row" title={unit.name}>
                    {unit.name}
                  </th>
                  <td className="number">
                    <CountValue value={unit.proposed} />
                  </td>
                  {OUTCOMES.map((outcome) => (
                    <td key={outcome} className="number">
                      <CountValue value={unit[outcome]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
