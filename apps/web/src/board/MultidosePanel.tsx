import type { CoverageShare, MultidoseBoardPanel, MultidoseWaited } from '@app/fhir/multidose/multidose-board-panel';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatNumber, formatPercent } from '../i18n/format';
import { BoardFigure } from './BoardFigure';
import type { BoardPanelViewProps } from './board-panel-views';
import { CoverageMonths } from './CoverageMonths';
import { MULTIDOSE_PANEL_TEXTS } from './multidose-panel.texts';

/** "31 av 50 (62 %)": coverage counts offices and GPs, never patients, so it is shown as counted. */
export function shareText(cell: CoverageShare, language: 'nb' | 'en'): string {
  const t = MULTIDOSE_PANEL_TEXTS[language];
  return `${t.of(formatNumber(cell.count, language, 0), formatNumber(cell.of, language, 0))} (${formatPercent(cell.share, language)})`;
}

/** "30 t (2 arbeidsdager)", or "–" when hidden or nobody waits. */
export function waitedText(waited: MultidoseWaited, which: 'median' | 'longest', language: 'nb' | 'en'): string {
  const t = MULTIDOSE_PANEL_TEXTS[language];
  const hours = which === 'median' ? waited.medianHours : waited.longestHours;
  const days = which === 'median' ? waited.medianWorkingDays : waited.longestWorkingDays;
  return hours === null ? '–' : t.waited(formatNumber(hours, language, 0), formatNumber(days, language, 1));
}

/** "49 %" across a room: whole percent (the laptop view and the dashboard show the counts). */
function wholePercent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)} %`;
}

/**
 * e-multidose on the board: GP offices and their GPs connected to e-multidose and using PLL, of all, and the
 * monthly trend toward 100 %. The wall screen shows the two shares that matter in a narrow column; the laptop
 * view adds PLL and the twelve months.
 */
export function MultidosePanel({ panel, wide }: BoardPanelViewProps<MultidoseBoardPanel>) {
  const { language } = useLanguage();
  const t = MULTIDOSE_PANEL_TEXTS[language];
  const { coverage, patients } = panel;
  const overdue = patients && patients.overdueUpdates !== 0 ? 'alert' : undefined;
  const oldList = patients && patients.oldListDeviations !== 0 ? 'alert' : undefined;
  const notConnected = patients && patients.paperOfficeNotConnected !== 0 ? 'warning' : undefined;

  if (wide) {
    return (
      <section className="board-panel multidose-wall" aria-labelledby="board-multidose" aria-describedby="board-multidose-full">
        <h2 id="board-multidose">{t.wallTitle}</h2>
        <span id="board-multidose-full" className="visually-hidden">
          {t.title}
        </span>
        <div className="figures small">
          <BoardFigure label={t.wallOffices} display={wholePercent(coverage.offices.eMultidose.share)} />
          <BoardFigure label={t.wallGps} display={wholePercent(coverage.gps.eMultidose.share)} />
          {patients && (
            <>
              <BoardFigure label={t.wallPending} value={patients.pendingChanges} />
              <BoardFigure label={t.wallOverdue} value={patients.overdueUpdates} tone={overdue} />
              <BoardFigure label={t.wallOldList} value={patients.oldListDeviations} tone={oldList} />
            </>
          )}
        </div>
        {/* The monthly trend stays on the laptop view: with the patients' figures the wall would no longer fit 1920×1080. */}
      </section>
    );
  }

  return (
    <section className="board-panel multidose" aria-labelledby="board-multidose">
      <h2 id="board-multidose">{t.wallTitle}</h2>
      <p className="subtitle">
        {t.title} – {t.area(coverage.area)}
      </p>
      <div className="figures">
        <BoardFigure label={t.officesEMultidose} display={shareText(coverage.offices.eMultidose, language)} />
        <BoardFigure label={t.gpsEMultidose} display={shareText(coverage.gps.eMultidose, language)} />
        <BoardFigure label={t.officesPll} display={shareText(coverage.offices.pll, language)} />
        <BoardFigure label={t.gpsPll} display={shareText(coverage.gps.pll, language)} />
      </div>
      {patients && (
        <>
          <h3>{t.patientsTitle}</h3>
          <div className="figures">
            <BoardFigure label={t.pendingChanges} value={patients.pendingChanges} />
            <BoardFigure label={t.waitedMedian} display={waitedText(patients.waited, 'median', language)} />
            <BoardFigure label={t.waitedLongest} display={waitedText(patients.waited, 'longest', language)} />
            <BoardFigure label={t.overdueUpdates} value={patients.overdueUpdates} tone={overdue} />
            <BoardFigure label={t.oldListDeviations} value={patients.oldListDeviations} tone={oldList} />
            <BoardFigure label={t.openEpisodes} value={patients.open} />
            <BoardFigure label={t.eMultidosePatients} value={patients.eMultidose} />
            <BoardFigure label={t.paperPatients} value={patients.paper} />
            <BoardFigure label={t.paperOfficeNotConnected} value={patients.paperOfficeNotConnected} tone={notConnected} />
          </div>
        </>
      )}
      <CoverageMonths months={coverage.monthlyTrend} label={t.trend} />
    </section>
  );
}
