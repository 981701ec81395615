import { CountValue } from '../components/CountValue';
import { useLanguage } from '../i18n/LanguageProvider';
import { seriesColor } from '../board/chart-theme';

export interface BarSeries {
  label: string;
  values: Array<number | string | null>;
}

/**
 * A breakdown as horizontal bars, one row per category, unit, office or reason, its name read across
 * and a bar per series beneath it, each scaled to the largest count shown. A suppressed count ("<5")
 * gets no bar, only its "<5": a bar would say how small. Plain HTML, so a screen reader reads each
 * row as "name, series count" and the page prints as it looks.
 */
export function BreakdownBarChart({ title, rows, series }: { title: string; rows: string[]; series: BarSeries[] }) {
  const { language } = useLanguage();
  const largest = Math.max(1, ...series.flatMap((s) => s.values.filter((value): value is number => typeof value === 'number')));
  if (rows.length === 0) return null;
  return (
    <figure className="breakdown-chart" aria-label={title}>
      {series.length > 1 && (
        <figcaption className="breakdown-legend">
          {series.map((s, si) => (
            <span key={s.label}>
              <span className="swatch" style={{ background: seriesColor(si, 'light') }} aria-hidden="true" /> {s.label}
            </span>
          ))}
        </figcaption>
      )}
      <ul className="breakdown-bars" lang={language}>
        {rows.map((row, i) => (
          <li key={`${row}-${i}`}>
            <span className="breakdown-name">{row}</span>
            {series.map((s, si) => {
              const value = s.values[i];
              const width = typeof value === 'number' ? `${Math.max(value > 0 ? 1 : 0, (value / largest) * 100)}%` : '0';
              return (
                <span key={s.label} className="breakdown-bar-row" role="img" aria-label={`${s.label}: ${typeof value === 'number' ? value : String(value ?? '–')}`}>
                  <span className="breakdown-bar" style={{ width, background: seriesColor(si, 'light') }} aria-hidden="true" />
                  <span className="breakdown-value" aria-hidden="true">
                    <CountValue value={value} fractionDigits={0} />
                  </span>
                </span>
              );
            })}
          </li>
        ))}
      </ul>
    </figure>
  );
}
