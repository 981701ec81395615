import { useId } from 'react';
import { CountValue } from '../components/CountValue';

/** One headline number with its label; a group named by the label, so it reads "Overdue, 12". */
export function BoardFigure({ label, value, tone, display }: { label: string; value?: number | string | null; tone?: 'alert' | 'warning'; display?: string }) {
  const id = useId();
  return (
    <div className={`figure ${tone ?? ''}`} role="group" aria-labelledby={id}>
      <span className="figure-label" id={id}>
        {label}
      </span>
      <span className="figure-value">{display ?? <CountValue value={value} fractionDigits={0} />}</span>
    </div>
  );
}
