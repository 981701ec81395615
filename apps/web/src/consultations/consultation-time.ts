import type { TimeOption } from '@app/fhir/api/consultation-answers';
import { Language } from '../i18n/dictionary';

const LOCALE: Record<Language, string> = { nb: 'nb-NO', en: 'en-GB' };

/** "tir. 8. des., 14:00–14:30" in Bergen time, whatever zone the browser is in: the doctors meet in Bergen. */
export function formatTimeOption(option: TimeOption, language: Language): string {
  const day = new Intl.DateTimeFormat(LOCALE[language], { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'Europe/Oslo' }).format(new Date(option.start));
  const clock = new Intl.DateTimeFormat(LOCALE[language], { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Oslo' });
  return `${day}, ${clock.format(new Date(option.start))}–${clock.format(new Date(option.end))}`;
}
