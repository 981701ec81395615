import { ReactNode } from 'react';
import { ApiError } from '../api/api-error';
import { useLanguage } from '../i18n/LanguageProvider';

export function Loading({ label }: { label?: string }) {
  const { t } = useLanguage();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {label ?? t.common.loading}
    </p>
  );
}

/** An error with what the user can do about it: try again, or read why they may not. */
export function ErrorMessage({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useLanguage();
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <div className="notice error" role="alert">
      <strong>{forbidden ? t.common.forbidden : t.common.errorTitle}</strong>
      {!forbidden && <p>{error.message}</p>}
      {onRetry && !forbidden && (
        <button type="button" onClick={onRetry}>
          {t.common.retry}
        </button>
      )}
    </div>
  );
}

/** Nothing to show yet, and what to do about it. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="empty-state">{children}</p>;
}
