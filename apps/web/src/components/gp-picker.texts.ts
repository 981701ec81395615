import type { Language } from '../i18n/dictionary';
import { useLanguage } from '../i18n/LanguageProvider';

/** The GP picker's words, beside the component rather than in the shared dictionary. */
const nb = {
  label: 'Fastlege eller legekontor',
  hint: 'Søk på navn, HPR-nummer eller legekontor. Ditt eget kontor står først.',
  typeMore: 'Skriv minst to bokstaver, eller et HPR-nummer.',
  searching: 'Søker …',
  noMatches: 'Ingen fastleger eller legekontor passer.',
  matches: (n: number) => (n === 1 ? '1 treff. Bruk pil opp og ned for å velge.' : `${n} treff. Bruk pil opp og ned for å velge.`),
  officeList: 'kontorets felles liste',
  ownOffice: 'ditt kontor',
  chosen: (name: string) => `Valgt: ${name}`,
  gpAt: (gp: string, office: string) => `${gp}, ${office}`,
  officeListOf: (office: string) => `${office} – kontorets felles liste`,
};

const en: typeof nb = {
  label: 'GP or GP office',
  hint: 'Search by name, HPR number or GP office. Your own office comes first.',
  typeMore: 'Type at least two letters, or an HPR number.',
  searching: 'Searching …',
  noMatches: 'No GP or GP office matches.',
  matches: (n: number) => (n === 1 ? '1 match. Use the up and down arrows to choose.' : `${n} matches. Use the up and down arrows to choose.`),
  officeList: "the office's shared list",
  ownOffice: 'your office',
  chosen: (name: string) => `Chosen: ${name}`,
  gpAt: (gp: string, office: string) => `${gp}, ${office}`,
  officeListOf: (office: string) => `${office} – the office's shared list`,
};

const TEXTS: Record<Language, typeof nb> = { nb, en };

export function useGpPickerTexts() {
  const { language } = useLanguage();
  return TEXTS[language];
}
