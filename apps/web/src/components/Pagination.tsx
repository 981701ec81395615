import { useLanguage } from '../i18n/LanguageProvider';

export function Pagination({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage(page: number): void }) {
  const { t } = useLanguage();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1) return null;
  return (
    <nav className="pagination" aria-label={t.common.page(page, pages)}>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        {t.common.previous}
      </button>
      <span>{t.common.page(page, pages)}</span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        {t.common.next}
      </button>
    </nav>
  );
}
