import type { Language } from './dictionary';

const WORD: Record<Language, string> = { nb: 'Uke', en: 'Week' };

/**
 * An ISO week from the API ("2026-W37") as people say it: "Uke 37" (Norwegian health services count in
 * weeks, never in ISO codes). Anything else, such as a table's "Totalt" row, passes through.
 */
export function weekLabel(isoWeek: string, language: Language): string {
  const match = /^\d{4}-W(\d{2})$/.exec(isoWeek);
  return match ? `${WORD[language]} ${Number(match[1])}` : isoWeek;
}
