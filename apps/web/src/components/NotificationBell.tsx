import { useEffect, useId, useRef, useState } from 'react';
import type { BellAnswer, BellGroup, BellNotification } from '@app/fhir/api/api-answers';
import { apiRequest } from '../api/api-client';
import { useReferenceNames } from '../api/reference-names';
import { useApi } from '../api/use-api';
import { useSession } from '../auth/AuthProvider';
import { useLanguage } from '../i18n/LanguageProvider';
import { withReadableDates } from '../i18n/dates-in-text';
import { formatDateTime } from '../i18n/format';
import { useLiveNotifications } from '../live/LiveProvider';
import { Link } from '../routing/router';
import { useNotificationBellTexts } from './notification-bell.texts';
import { groupLink, notificationLink } from './notification-links';
import { ErrorMessage, Loading } from './StateViews';

/**
 * The bell: unread count on the button; in the panel, many unread alike from one sender as one line, then
 * each notification opening its task, naming the patient (when the reader may see them: the API resolves it
 * as the reader, the push never carries it) and what the GP said. Fed live by the socket.
 */
export function NotificationBell() {
  const { t, language } = useLanguage();
  const texts = useNotificationBellTexts();
  const { role } = useSession();
  const bell = useApi<BellAnswer>('/api/notifications/bell?pageSize=30');
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const panelId = useId();
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const senders = useReferenceNames((bell.data?.groups ?? []).map((group) => group.from));

  useLiveNotifications((notification) => {
    setAnnouncement(t.notifications.newArrived(notification.title));
    void bell.reload();
  });

  // Escape closes the panel and gives the keyboard back to the bell; a click elsewhere just closes it.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: MouseEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onPointer);
    };
  }, [open]);

  const markRead = async (id: string) => {
    await apiRequest(`/api/notifications/${id}/read`, { method: 'POST' });
    await bell.reload();
  };
  const markAllRead = async (group?: BellGroup) => {
    await apiRequest('/api/notifications/read-all', { method: 'POST', ...(group ? { body: { kind: group.kind, from: group.from } } : {}) });
    await bell.reload();
  };
  /** Opening a notification reads it; the link itself takes the user there. */
  const opened = (notification: BellNotification) => {
    setOpen(false);
    if (!notification.read) void markRead(notification.id);
  };

  const unread = bell.data?.unread ?? 0;
  const groups = bell.data?.groups ?? [];
  const notifications = bell.data?.notifications ?? [];
  const groupLine = (group: BellGroup) => {
    const from = senders.get(group.from) ?? texts.unknownSender;
    return (texts.group[group.kind] ?? texts.groupOther)(group.count, from);
  };
  return (
    <div className="bell" ref={container}>
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
        aria-label={t.notifications.bell(unread)}
      >
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
            <button type="button" onClick={() => markAllRead()} disabled={unread === 0}>
              {t.notifications.markAllRead}
            </button>
          </header>
          {bell.loading && <Loading />}
          {bell.error && <ErrorMessage error={bell.error} onRetry={bell.reload} />}
          {bell.data && groups.length === 0 && notifications.length === 0 && <p className="empty-state">{t.notifications.empty}</p>}
          <ul>
            {groups.map((group) => {
              const line = groupLine(group);
              const href = groupLink(group.kind, role);
              return (
                <li key={`${group.kind} ${group.from}`} className="group unread" data-testid="bell-group">
                  <div>
                    <span className="visually-hidden">{t.notifications.unread}: </span>
                    {href ? (
                      <Link className="bell-open" to={href} onClick={() => setOpen(false)}>
                        {line}
                      </Link>
                    ) : (
                      <strong>{line}</strong>
                    )}
                    <time dateTime={group.latestAt}>
                      {texts.latest}: {formatDateTime(group.latestAt, language)}
                    </time>
                  </div>
                  <button type="button" onClick={() => markAllRead(group)} aria-label={`${t.notifications.markRead}: ${line}`}>
                    {t.notifications.markRead}
                  </button>
                </li>
              );
            })}
            {notifications.map((notification) => {
              const href = notificationLink(notification, role);
              const title = withReadableDates(notification.title, language);
              return (
                <li key={notification.id} className={notification.read ? 'read' : 'unread'}>
                  <div>
                    {!notification.read && <span className="visually-hidden">{t.notifications.unread}: </span>}
                    {href ? (
                      <Link className="bell-open" to={href} aria-label={texts.open(title, notification.patient?.name)} onClick={() => opened(notification)}>
                        {title}
                      </Link>
                    ) : (
                      <strong>{title}</strong>
                    )}
                    {notification.patient?.name && <span className="bell-patient">{notification.patient.name}</span>}
                    {notification.body && <p>{withReadableDates(notification.body, language)}</p>}
                    {notification.explanation && (
                      <p className="quote">
                        {texts.explanation}: «{notification.explanation}»
                      </p>
                    )}
                    {notification.question && (
                      <p className="quote">
                        {texts.question}: «{notification.question}»
                      </p>
                    )}
                    <time dateTime={notification.createdAt}>{formatDateTime(notification.createdAt, language)}</time>
                  </div>
                  {!notification.read && (
                    <button type="button" onClick={() => markRead(notification.id)}>
                      {t.notifications.markRead}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
