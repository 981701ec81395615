import type { Language } from './dictionary';
import { formatNumber } from './format';

const NO_DATA: Record<Language, string> = { nb: 'ingen data', en: 'no data' };

/**
 * A duration in hours as the user reads it ("3,5 t"), "<5" when suppressed, and "ingen data" when
 * nothing was measured: a median over no tasks is not "0 t".
 */
export function formatHours(value: number | string | null | undefined, language: Language, options: { tasks?: number | string | null; fractionDigits?: number } = {}): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined || options.tasks === 0) return NO_DATA[language];
  return `${formatNumber(value, language, options.fractionDigits ?? 1)} ${language === 'nb' ? 't' : 'h'}`;
}
