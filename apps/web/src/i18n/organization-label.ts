import type { Language } from './dictionary';

const UNNAMED: Record<Language, string> = { nb: 'Uten navn i katalogen', en: 'Unnamed in the directory' };
const REFERENCE = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]+$/;

/**
 * An organisation's name for a label. The API falls back to the reference when the directory has no
 * name; a reader should never see "Organization/652b…", so such a label says it is unnamed.
 */
export function organizationLabel(name: string | undefined, language: Language): string {
  return name && !REFERENCE.test(name) ? name : UNNAMED[language];
}
