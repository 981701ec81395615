import type { TimeOption } from '@app/fhir/api/consultation-answers';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatTimeOption } from './consultation-time';

export const MAX_OPTIONS = 3;

/** The suggested times as checkboxes: the coordinator picks one to three to send. */
export function TimeOptionsPicker({ suggestions, chosen, onChange }: { suggestions: TimeOption[]; chosen: TimeOption[]; onChange(next: TimeOption[]): void }) {
  const { t, language } = useLanguage();
  const c = t.consultations;
  const isChosen = (option: TimeOption) => chosen.some((picked) => picked.start === option.start);
  const toggle = (option: TimeOption) =>
    onChange(isChosen(option) ? chosen.filter((picked) => picked.start !== option.start) : [...chosen, option].sort((a, b) => a.start.localeCompare(b.start)));

  return (
    <fieldset className="time-options">
      <legend>{c.chooseOptions}</legend>
      {suggestions.map((option) => (
        <label key={option.start} className="choice">
          <input type="checkbox" checked={isChosen(option)} disabled={!isChosen(option) && chosen.length >= MAX_OPTIONS} onChange={() => toggle(option)} />{' '}
          <time dateTime={option.start}>{formatTimeOption(option, language)}</time>
        </label>
      ))}
      {chosen.length >= MAX_OPTIONS && <p className="hint">{c.tooManyOptions}</p>}
    </fieldset>
  );
}
