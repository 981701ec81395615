import { useId } from 'react';
import { useLanguage } from '../i18n/LanguageProvider';
import { categoryOptions } from '../i18n/labels';
import { InboxFilters, filtersAreSet } from './inbox-filters';

const STATUSES = ['requested', 'received', 'accepted', 'in-progress', 'on-hold', 'rejected', 'completed', 'cancelled'];

export function InboxFilterBar({ filters, patientName, onChange }: { filters: InboxFilters; patientName?: string; onChange(next: InboxFilters): void }) {
  const { t, language } = useLanguage();
  const id = useId();
  const set = (patch: Partial<InboxFilters>) => onChange({ ...filters, ...patch, page: undefined });
  return (
    <form className="filter-bar" aria-label={t.inbox.filters} onSubmit={(event) => event.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-scope`}>{t.inbox.scope}</label>
        <select id={`${id}-scope`} value={filters.scope ?? 'all'} onChange={(e) => set({ scope: e.target.value === 'all' ? undefined : (e.target.value as InboxFilters['scope']) })}>
          <option value="all">{t.inbox.scopes.all}</option>
          <option value="mine">{t.inbox.scopes.mine}</option>
          <option value="office">{t.inbox.scopes.office}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>{t.inbox.statusFilter}</label>
        <select id={`${id}-status`} value={filters.status ?? ''} onChange={(e) => set({ status: e.target.value || undefined })}>
          <option value="">{t.inbox.allOpen}</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t.status[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-category`}>{t.inbox.categoryFilter}</label>
        <select id={`${id}-category`} value={filters.category ?? ''} onChange={(e) => set({ category: e.target.value || undefined })}>
          <option value="">{t.inbox.allCategories}</option>
          {categoryOptions(language).map((option) => (
            <option key={option.code} value={option.code}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-due`}>{t.inbox.dueFilter}</label>
        <select id={`${id}-due`} value={filters.due ?? ''} onChange={(e) => set({ due: (e.target.value || undefined) as InboxFilters['due'] })}>
          <option value="">{t.inbox.anyDue}</option>
          <option value="overdue">{t.inbox.dueOverdue}</option>
          <option value="this-week">{t.inbox.dueThisWeekOption}</option>
        </select>
      </div>
      {filters.patient && (
        <p className="filter-chip">
          {t.inbox.onlyPatient(patientName ?? t.common.patientUnknown)}{' '}
          <button type="button" onClick={() => set({ patient: undefined })}>
            {t.inbox.allPatients}
          </button>
        </p>
      )}
      <button type="button" onClick={() => onChange({})} disabled={!filtersAreSet(filters)}>
        {t.inbox.clearFilters}
      </button>
    </form>
  );
}
