import { RevolvingDoorBoardPanel, RateCell } from '@app/fhir/api/revolving-door-answers';
import { useLanguage } from '../i18n/LanguageProvider';
import { weekLabel } from '../i18n/week-label';
import { BoardFigure } from './BoardFigure';
import type { BoardPanelViewProps } from './board-panel-views';
import { REVOLVING_DOOR_PANEL_TEXTS } from './revolving-door-panel.texts';

function percent(rate: RateCell): string {
  return rate === null ? '–' : rate === '<5' ? '<5' : `${Math.round(rate * 100)} %`;
}

/**
 * Revolving-door patients on the board: of the discharges of patients 67 or more in the last 30 days, how many
 * came back acutely; the revolving-door patients with and without a joint consultation; and the weekly share.
 * Laptop view only: the wall screen keeps to what needs acting on now.
 */
export function RevolvingDoorPanel({ panel, wide }: BoardPanelViewProps<RevolvingDoorBoardPanel>) {
  const { language } = useLanguage();
  const t = REVOLVING_DOOR_PANEL_TEXTS[language];
  if (wide) return null;
  return (
    <section className="board-panel revolving-door" aria-labelledby="board-revolving-door">
      <h2 id="board-revolving-door">{t.title}</h2>
      <div className="figures">
        <BoardFigure label={`${t.discharges} (${t.last30Days})`} value={panel.last30Days.discharges} />
        <BoardFigure label={`${t.readmitted} (${t.last30Days})`} value={panel.last30Days.readmitted} />
        <BoardFigure label={t.rate} display={percent(panel.last30Days.rate)} />
        <BoardFigure label={t.patients} value={panel.patients.total} />
        <BoardFigure label={t.withJoint} value={panel.patients.withJointConsultation} />
        <BoardFigure label={t.withoutJoint} value={panel.patients.withoutJointConsultation} tone={panel.patients.withoutJointConsultation !== 0 ? 'warning' : undefined} />
      </div>
      <table className="board-table">
        <caption>{t.trend}</caption>
        <tbody>
          {panel.trend.map((week) => (
            <tr key={week.week}>
              <th scope="row">
                {weekLabel(week.week, language)} {week.complete ? '' : t.incomplete}
              </th>
              <td>{percent(week.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
