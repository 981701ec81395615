import uPlot from 'uplot';

/** The board is dark (a wall screen); the quality dashboard is a light page. */
export type ChartTheme = 'dark' | 'light';

/** Series colours that read from across a room on the board's dark background (and pass WCAG contrast). */
export const CHART_COLORS = {
  primary: '#5cb8ff',
  secondary: '#ffb347',
  tertiary: '#7ee081',
  quaternary: '#f28b82',
};

const LIGHT_SERIES = ['#0b5cad', '#b45309', '#1b7f3b', '#b3261e'];

export function seriesColor(index: number, theme: ChartTheme): string {
  const dark = [CHART_COLORS.primary, CHART_COLORS.secondary, CHART_COLORS.tertiary, CHART_COLORS.quaternary];
  return (theme === 'dark' ? dark : LIGHT_SERIES)[index % 4];
}

export function chartAxis(extra: uPlot.Axis = {}, fontSize = 16, theme: ChartTheme = 'dark'): uPlot.Axis {
  const axis = theme === 'dark' ? '#d6dee8' : '#14202b';
  const grid = theme === 'dark' ? 'rgba(214, 222, 232, 0.15)' : 'rgba(20, 32, 43, 0.12)';
  return {
    stroke: axis,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
    font: `${fontSize}px system-ui, sans-serif`,
    labelFont: `${fontSize}px system-ui, sans-serif`,
    ...extra,
  };
}

/** A count for the chart: suppressed cells ("<5") are left out rather than drawn as a made-up number. */
export function plotted(value: number | string | null | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

/** Counts are whole: ticks at 1, 2, 5, 10, … never at 0.5. */
export const WHOLE_NUMBER_TICKS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000];
