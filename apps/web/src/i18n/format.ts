import { Language } from './dictionary';

const LOCALE: Record<Language, string> = { nb: 'nb-NO', en: 'en-GB' };
const TIME_ZONE = 'Europe/Oslo';

/** A number as the user reads it (1 234,5 in bokmål); strings such as "<5" pass through. */
export function formatNumber(value: number | string | null | undefined, language: Language, maximumFractionDigits = 1): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return value;
  return new Intl.NumberFormat(LOCALE[language], { maximumFractionDigits }).format(value);
}

export function formatPercent(share: number | null, language: Language): string {
  if (share === null) return '–';
  return new Intl.NumberFormat(LOCALE[language], { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** A calendar day (YYYY-MM-DD) as a short Norwegian or English date; Bergen time for instants. */
export function formatDate(value: string | undefined, language: Language): string {
  if (!value) return '–';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(LOCALE[language], { day: 'numeric', month: 'short', year: 'numeric', timeZone: TIME_ZONE }).format(date);
}

export function formatDateTime(value: string | undefined, language: Language): string {
  if (!value) return '–';
  return new Intl.DateTimeFormat(LOCALE[language], { dateStyle: 'short', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(value));
}

export function formatTime(value: string | Date, language: Language): string {
  return new Intl.DateTimeFormat(LOCALE[language], { timeStyle: 'medium', timeZone: TIME_ZONE }).format(new Date(value));
}
