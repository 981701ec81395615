import { useMemo, useRef } from 'react';
import uPlot from 'uplot';
import { CategoryLoad } from '@app/fhir/transfers/discharge-board-panel';
import { CountValue } from '../components/CountValue';
import { UPlotChart } from '../components/UPlotChart';
import { useLanguage } from '../i18n/LanguageProvider';
import { categoryLabel } from '../i18n/labels';
import { formatNumber } from '../i18n/format';
import { CHART_COLORS, WHOLE_NUMBER_TICKS, chartAxis, plotted } from './chart-theme';

/** Open tasks per category as horizontal bars (category names read across), with the numbers in a table. */
export function CategoryChart({ categories, fontSize }: { categories: CategoryLoad[]; fontSize: number }) {
  const { t, language } = useLanguage();
  const labels = useMemo(() => categories.map((row) => categoryLabel(row.category, language)), [categories, language]);
  const labelKey = labels.join('|');
  // The draw hook reads the latest figures (live updates feed data without rebuilding the chart).
  const latest = useRef(categories);
  latest.current = categories;

  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { show: false },
      cursor: { show: false },
      // Horizontal bars: the category scale runs top to bottom, the counts left to right.
      scales: { x: { time: false, ori: 1, dir: -1, range: [-0.5, labels.length - 0.5] }, y: { ori: 0, dir: 1, range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.2))] } },
      axes: [
        chartAxis(
          {
            scale: 'x',
            side: 3,
            grid: { show: false },
            splits: () => labels.map((_, i) => i),
            values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
            size: (self) => {
              self.ctx.font = `${fontSize}px system-ui, sans-serif`;
              return Math.ceil(Math.max(...labels.map((label) => self.ctx.measureText(label).width), 40) / devicePixelRatio) + 24;
            },
          },
          fontSize,
        ),
        chartAxis({ scale: 'y', side: 0, incrs: WHOLE_NUMBER_TICKS }, fontSize),
      ],
      hooks: {
        // Each bar's figure at its end, readable from across the room; "<5" where the count is suppressed.
        draw: [
          (u: uPlot) => {
            const ctx = u.ctx;
            ctx.save();
            ctx.font = `600 ${Math.round(fontSize * devicePixelRatio)}px system-ui, sans-serif`;
            ctx.fillStyle = '#f5f8fc';
            ctx.textBaseline = 'middle';
            latest.current.forEach((row, i) => {
              const value = typeof row.open === 'number' ? row.open : 0;
              ctx.fillText(formatNumber(row.open, language, 0), u.valToPos(value, 'y', true) + 6 * devicePixelRatio, u.valToPos(i, 'x', true));
            });
            ctx.restore();
          },
        ],
      },
      series: [
        {},
        { label: t.board.openSeries, fill: CHART_COLORS.primary, stroke: CHART_COLORS.primary, paths: uPlot.paths.bars!({ size: [0.7, 60] }), points: { show: false } },
      ],
    }),
    // labelKey stands for the labels' content: a live update with the same categories must not redraw from scratch.
    [labelKey, fontSize, t, language],
  );
  const data = useMemo<uPlot.AlignedData>(() => [categories.map((_, i) => i), categories.map((row) => plotted(row.open))], [categories]);

  return (
    <>
      <UPlotChart options={options} data={data} height={Math.max(240, labels.length * (fontSize * 1.6))} label={`${t.board.byCategory}: ${t.board.openSeries}`} />
      <details className="chart-table">
        <summary>{t.board.chartAlternative}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.quality.category}</th>
              <th scope="col" className="number">{t.board.openSeries}</th>
              <th scope="col" className="number">{t.board.weekSeries}</th>
            </tr>
          </thead>
          <tbody>
            {categories.map((row, i) => (
              <tr key={row.category}>
                <th scope="row">{labels[i]}</th>
                <td className="number">
                  <CountValue value={row.open} />
                </td>
                <td className="number">
                  <CountValue value={row.transferredThisWeek} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
