import { Language } from './dictionary';
import { formatDate, formatDateTime } from './format';

/** An ISO day (2026-12-01) or instant (2026-12-01T08:00:00Z) inside a text. */
const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?\b/g;

/**
 * A server's text with its dates as the reader reads dates (1. des. 2026 in bokmål; instants in Oslo time):
 * notification texts are written once for every reader, with dates as ISO days.
 */
export function withReadableDates(text: string, language: Language): string {
  return text.replace(ISO_DATE, (match: string, day: string, time?: string) => (time ? formatDateTime(match, language) : formatDate(day, language)));
}
