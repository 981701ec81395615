import { TaskCounts } from '../api/types';
import { useLanguage } from '../i18n/LanguageProvider';
import { InboxFilters } from './inbox-filters';

const STATUS_BADGES = ['requested', 'received', 'accepted', 'in-progress', 'on-hold'] as const;

/** The badges: open, overdue, due this week and per status; each one filters the list to what it counts. */
export function InboxCounts({ counts, filters, onFilter }: { counts: TaskCounts; filters: InboxFilters; onFilter(next: InboxFilters): void }) {
  const { t } = useLanguage();
  const badge = (key: string, label: string, value: number, pressed: boolean, next: InboxFilters, tone = '') => (
    <li key={key}>
      <button type="button" className={`count-badge ${tone}`} aria-pressed={pressed} onClick={() => onFilter(pressed ? { scope: filters.scope } : next)}>
        <span className="count-label">{label}</span>
        <span className="count-value" data-testid={`count-${key}`}>
          {value}
        </span>
      </button>
    </li>
  );
  const only = (extra: InboxFilters): InboxFilters => ({ scope: filters.scope, ...extra });
  return (
    <section aria-label={t.inbox.counts}>
      <ul className="count-badges">
        {badge('open', t.inbox.open, counts.open, !filters.status && !filters.due && !filters.category, only({}))}
        {badge('overdue', t.inbox.overdue, counts.overdue, filters.due === 'overdue' && !filters.status, only({ due: 'overdue' }), counts.overdue ? 'alert' : '')}
        {badge('this-week', t.inbox.dueThisWeek, counts.dueThisWeek, filters.due === 'this-week' && !filters.status, only({ due: 'this-week' }))}
        {STATUS_BADGES.map((status) =>
          badge(status, t.status[status], counts.byStatus[status] ?? 0, filters.status === status && !filters.due, only({ status })),
        )}
      </ul>
    </section>
  );
}
