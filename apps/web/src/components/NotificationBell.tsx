import { useEffect, useId, useRef, useState } from 'react';
import { apiRequest } from '../api/api-client';
import { NotificationList } from '../api/types';
import { useApi } from '../api/use-api';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDateTime } from '../i18n/format';
import { useLiveNotifications } from '../live/LiveProvider';
import { ErrorMessage, Loading } from './StateViews';

/** The bell: unread count on the button, the list (unread first) in a panel, fed live by the socket. */
export function NotificationBell() {
  const { t, language } = useLanguage();
  const notifications = useApi<NotificationList>('/api/notifications?pageSize=30');
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const panelId = useId();
  const container = useRef<HTMLDivElement>(null);

  useLiveNotifications((notification) => {
    setAnnouncement(t.notifications.newArrived(notification.title));
    void notifications.reload();
  });

  // Escape or a click elsewhere closes the panel, as users expect of a pop-up.
  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !container.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('mousedown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('mousedown', close);
    };
  }, [open]);

  const markRead = async (id: string) => {
    await apiRequest(`/api/notifications/${id}/read`, { method: 'POST' });
    await notifications.reload();
  };
  const markAllRead = async () => {
    await apiRequest('/api/notifications/read-all', { method: 'POST' });
    await notifications.reload();
  };

  const unread = notifications.data?.unread ?? 0;
  return (
    <div className="bell" ref={container}>
      <button type="button" className="bell-button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)} aria-label={t.notifications.bell(unread)}>
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="currentColor">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        {unread > 0 && (
          <span className="badge" aria-hidden="true" data-testid="unread-count">
            {unread}
          </span>
        )}
      </button>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {open && (
        <section id={panelId} className="bell-panel" aria-label={t.notifications.title}>
          <header>
            <h2>{t.notifications.title}</h2>
            <button type="button" onClick={markAllRead} disabled={unread === 0}>
              {t.notifications.markAllRead}
            </button>
          </header>
          {notifications.loading && <Loading />}
          {notifications.error && <ErrorMessage error={notifications.error} onRetry={notifications.reload} />}
          {notifications.data && notifications.data.notifications.length === 0 && <p className="empty-state">{t.notifications.empty}</p>}
          <ul>
            {notifications.data?.notifications.map((notification) => (
              <li key={notification.id} className={notification.read ? 'read' : 'unread'}>
                <div>
                  {!notification.read && <span className="visually-hidden">{t.notifications.unread}: </span>}
                  <strong>{notification.title}</strong>
                  {notification.body && <p>{notification.body}</p>}
                  <time dateTime={notification.createdAt}>{formatDateTime(notification.createdAt, language)}</time>
                </div>
                {!notification.read && (
                  <button type="button" onClick={() => markRead(notification.id)}>
                    {t.notifications.markRead}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
