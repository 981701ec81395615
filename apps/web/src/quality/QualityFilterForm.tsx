import { useId } from 'react';
import { QualityFilterOptions, QualityFilters } from '@app/fhir/board/board-metrics';
import { useLanguage } from '../i18n/LanguageProvider';
import { categoryLabel } from '../i18n/labels';
import { DateInput } from '../components/DateInput';
import { isDayValue } from '../components/date-text';

interface Props {
  filters: QualityFilters;
  /** The period the report used (the defaults filled in), shown while the user has not chosen one. */
  applied?: { from: string; to: string };
  options?: QualityFilterOptions;
  onChange(next: QualityFilters): void;
}

export function QualityFilterForm({ filters, applied, options, onChange }: Props) {
  const { t, language } = useLanguage();
  const id = useId();
  const set = (patch: Partial<QualityFilters>) => onChange({ ...filters, ...patch });
  const from = filters.from ?? applied?.from ?? '';
  const to = filters.to ?? applied?.to ?? '';
  const invalidPeriod = Boolean(from && to && from > to);
  return (
    <form className="filter-bar" aria-label={t.quality.filters} onSubmit={(event) => event.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t.quality.from}</label>
        <DateInput id={`${id}-from`} value={from} onChange={(value) => isDayValue(value) && set({ from: value })} aria-invalid={invalidPeriod} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t.quality.to}</label>
        <DateInput id={`${id}-to`} value={to} onChange={(value) => isDayValue(value) && set({ to: value })} aria-invalid={invalidPeriod} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-unit`}>{t.quality.unit}</label>
        <select id={`${id}-unit`} value={filters.unit ?? ''} onChange={(e) => set({ unit: e.target.value || undefined })}>
          <option value="">{t.quality.allUnits}</option>
          {options?.units.map((unit) => (
            <option key={unit.reference} value={unit.reference}>
              {unit.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-category`}>{t.quality.category}</label>
        <select id={`${id}-category`} value={filters.category ?? ''} onChange={(e) => set({ category: e.target.value || undefined })}>
          <option value="">{t.quality.allCategories}</option>
          {options?.categories.map((category) => (
            <option key={category.code} value={category.code}>
              {language === 'en' ? category.displayEn : category.display || categoryLabel(category.code, language)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-office`}>{t.quality.office}</label>
        <select id={`${id}-office`} value={filters.office ?? ''} onChange={(e) => set({ office: e.target.value || undefined })}>
          <option value="">{t.quality.allOffices}</option>
          {options?.offices.map((office) => (
            <option key={office.reference} value={office.reference}>
              {office.name}
            </option>
          ))}
        </select>
      </div>
      <button type="button" onClick={() => onChange({})} disabled={!Object.values(filters).some(Boolean)}>
        {t.quality.clear}
      </button>
      {invalidPeriod && (
        <p className="field-error" role="alert">
          {t.quality.invalidPeriod}
        </p>
      )}
    </form>
  );
}
