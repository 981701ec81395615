import type { Language } from './dictionary';

/** Where the user's choice of language is kept on this device (a preference, not a secret). */
export const LANGUAGE_STORAGE_KEY = 'bro.language';

/** The language chosen, for code outside React (the API client's error texts): bokmål unless English was picked. */
export function currentLanguage(): Language {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY) === 'en' ? 'en' : 'nb';
  } catch {
    return 'nb';
  }
}
