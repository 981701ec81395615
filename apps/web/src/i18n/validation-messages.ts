import { useEffect } from 'react';
import type { Language } from './dictionary';

const TEXTS = {
  nb: {
    valueMissing: (select: boolean) => (select ? 'Velg et alternativ i lista.' : 'Fyll ut dette feltet.'),
    typeMismatch: 'Skriv en gyldig verdi.',
    badInput: 'Skriv en gyldig verdi.',
    patternMismatch: 'Verdien har feil format.',
    tooShort: (min: number) => `Skriv minst ${min} tegn.`,
    tooLong: (max: number) => `Skriv høyst ${max} tegn.`,
    rangeUnderflow: (min: string) => `Verdien må være ${min} eller mer.`,
    rangeOverflow: (max: string) => `Verdien må være ${max} eller mindre.`,
    stepMismatch: 'Skriv en gyldig verdi.',
  },
  en: {
    valueMissing: (select: boolean) => (select ? 'Choose an option in the list.' : 'Fill in this field.'),
    typeMismatch: 'Enter a valid value.',
    badInput: 'Enter a valid value.',
    patternMismatch: 'The value has the wrong format.',
    tooShort: (min: number) => `Write at least ${min} characters.`,
    tooLong: (max: number) => `Write at most ${max} characters.`,
    rangeUnderflow: (min: string) => `The value must be ${min} or more.`,
    rangeOverflow: (max: string) => `The value must be ${max} or less.`,
    stepMismatch: 'Enter a valid value.',
  },
} satisfies Record<Language, unknown>;

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function messageOf(field: Field, language: Language): string {
  const t = TEXTS[language];
  const v = field.validity;
  const input = field instanceof HTMLInputElement ? field : undefined;
  if (v.valueMissing) return t.valueMissing(field instanceof HTMLSelectElement);
  if (v.badInput) return t.badInput;
  if (v.typeMismatch) return t.typeMismatch;
  if (v.patternMismatch) return field.title || t.patternMismatch;
  if (v.tooShort && input) return t.tooShort(input.minLength);
  if (v.tooLong && input) return t.tooLong(input.maxLength);
  if (v.rangeUnderflow && input) return t.rangeUnderflow(input.min);
  if (v.rangeOverflow && input) return t.rangeOverflow(input.max);
  if (v.stepMismatch) return t.stepMismatch;
  return '';
}

/**
 * The browser's own form checks ("Please fill out this field") speak the browser's language, not the
 * user's. Forms with texts of their own turn them off (`noValidate`); everywhere else, this words them in
 * the language chosen in Bro: when a field is found invalid its message is set, and cleared as soon as
 * the user changes the field, so the browser checks it afresh.
 */
export function useValidationMessages(language: Language): void {
  useEffect(() => {
    // The fields whose message this set, so a page's own custom message is never cleared here.
    const reworded = new WeakSet<Field>();
    const isField = (target: EventTarget | null): target is Field =>
      target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
    const onInvalid = (event: Event) => {
      if (!isField(event.target)) return;
      const field = event.target;
      // A message the page set itself (its own check) stands; only the browser's own are reworded.
      if (field.validity.customError && !reworded.has(field)) return;
      field.setCustomValidity('');
      if (!field.validity.valid) {
        field.setCustomValidity(messageOf(field, language));
        reworded.add(field);
      }
    };
    const onChange = (event: Event) => {
      if (isField(event.target) && reworded.delete(event.target)) event.target.setCustomValidity('');
    };
    document.addEventListener('invalid', onInvalid, true);
    document.addEventListener('input', onChange, true);
    document.addEventListener('change', onChange, true);
    return () => {
      document.removeEventListener('invalid', onInvalid, true);
      document.removeEventListener('input', onChange, true);
      document.removeEventListener('change', onChange, true);
    };
  }, [language]);
}
