import { useMemo } from 'react';
import uPlot from 'uplot';
import { UPlotChart } from '../components/UPlotChart';
import { useLanguage } from '../i18n/LanguageProvider';
import { weekLabel } from '../i18n/week-label';
import { ChartTheme, WHOLE_NUMBER_TICKS, chartAxis, plotted, seriesColor } from './chart-theme';

export interface TrendSeries {
  label: string;
  values: Array<number | string | null>;
}

/** Fewest CSS pixels between two week labels on the axis; narrower charts label every second or third week. */
const LABEL_SPACING_PX = 56;

/** "2026-W47" → "47": weeks are how Norwegian health services count. */
function weekNumber(isoWeek: string): string {
  return String(Number(isoWeek.slice(-2)));
}

/** Weekly lines (one per series); suppressed weeks ("<5") are gaps, not zeros. */
export function TrendChart(props: { weeks: string[]; series: TrendSeries[]; label: string; height: number; fontSize?: number; theme?: ChartTheme }) {
  const { weeks, series, label, height, fontSize = 14, theme = 'dark' } = props;
  const { t, language } = useLanguage();
  const seriesKey = series.map((s) => s.label).join('|');
  const weekKey = weeks.join('|');
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [-0.3, weeks.length - 0.7] }, y: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.15))] } },
      axes: [
        chartAxis(
          {
            label: t.board.week,
            grid: { show: false },
            splits: (u) => {
              const every = Math.max(1, Math.ceil((weeks.length * LABEL_SPACING_PX) / Math.max(1, u.bbox.width / devicePixelRatio)));
              // Count back from this week, so the current week always has its label.
              return weeks.map((_, i) => i).filter((i) => (weeks.length - 1 - i) % every === 0);
            },
            values: (_u, splits) => splits.map((i) => (weeks[i] ? weekNumber(weeks[i]) : '')),
          },
          fontSize,
          theme,
        ),
        chartAxis({ incrs: WHOLE_NUMBER_TICKS }, fontSize, theme),
      ],
      series: [
        { label: t.board.week, value: (_u, i) => (i === null || !weeks[i] ? '' : weekLabel(weeks[i], language)) },
        ...series.map((s, i) => ({ label: s.label, stroke: seriesColor(i, theme), width: 3, points: { show: true, size: 7, fill: seriesColor(i, theme) } })),
      ],
    }),
    // The keys stand for the weeks' and series' names: new values alone only feed the chart new data.
    [seriesKey, weekKey, fontSize, theme, t, language],
  );
  const data = useMemo<uPlot.AlignedData>(() => [weeks.map((_, i) => i), ...series.map((s) => s.values.map(plotted))], [weeks, series]);
  return <UPlotChart options={options} data={data} height={height} label={label} />;
}
