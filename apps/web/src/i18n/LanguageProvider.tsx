import { ReactNode, createContext, useContext, useEffect, useMemo, useState } from 'react';
import { DICTIONARY, Language, Messages } from './dictionary';
import { LANGUAGE_STORAGE_KEY as STORAGE_KEY } from './current-language';
import { useValidationMessages } from './validation-messages';

interface LanguageState {
  language: Language;
  t: Messages;
  setLanguage(language: Language): void;
}

const LanguageContext = createContext<LanguageState | undefined>(undefined);

function initialLanguage(): Language {
  // A preference, not a secret: it may outlive the session, unlike the token.
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'nb';
}

/** Bokmål unless the user picked English; the choice is remembered on this device. */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  useValidationMessages(language);

  const value = useMemo<LanguageState>(
    () => ({
      language,
      t: DICTIONARY[language],
      setLanguage(next) {
        localStorage.setItem(STORAGE_KEY, next);
        setLanguageState(next);
      },
    }),
    [language],
  );
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage outside LanguageProvider');
  return state;
}
