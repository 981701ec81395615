import type { Language } from '../i18n/dictionary';
import { useLanguage } from '../i18n/LanguageProvider';

/** The words of the date and time fields, beside the component rather than in the shared dictionary. */
const nb = {
  dayFormat: 'dd.mm.åååå',
  dateTimeFormat: 'dd.mm.åååå tt:mm',
  dayHint: 'Skriv datoen som dd.mm.åååå, for eksempel 24.12.2026.',
  dateTimeHint: 'Skriv dato og klokkeslett som dd.mm.åååå tt:mm (24 timer), for eksempel 24.12.2026 14:30.',
};

const en: typeof nb = {
  dayFormat: 'dd.mm.yyyy',
  dateTimeFormat: 'dd.mm.yyyy hh:mm',
  dayHint: 'Write the date as dd.mm.yyyy, for example 24.12.2026.',
  dateTimeHint: 'Write the date and time as dd.mm.yyyy hh:mm (24-hour clock), for example 24.12.2026 14:30.',
};

const TEXTS: Record<Language, typeof nb> = { nb, en };

export function useDateInputTexts() {
  const { language } = useLanguage();
  return TEXTS[language];
}
