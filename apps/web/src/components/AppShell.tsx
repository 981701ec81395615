import { ReactNode } from 'react';
import { useAuth, useSession } from '../auth/AuthProvider';
import { useLanguage } from '../i18n/LanguageProvider';
import { Link, useLocation } from '../routing/router';
import { viewOfPath, viewsFor } from '../routing/views';
import { DirectorySearchBox } from '../collaboration/DirectorySearchBox';
import { LanguagePicker } from './LanguagePicker';
import { NotificationBell } from './NotificationBell';

/** The frame around every signed-in view: the views this role may use, the bell, language and sign-out. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useLanguage();
  const session = useSession();
  const { signOut } = useAuth();
  const { path } = useLocation();
  const active = viewOfPath(path)?.id;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="top-bar">
        <Link to="/" className="brand">
          {t.appName}
        </Link>
        <nav aria-label={t.nav.label}>
          <ul>
            {viewsFor(session.role).map((view) => (
              <li key={view.id}>
                <Link to={view.path} aria-current={active === view.id ? 'page' : undefined}>
                  {t.nav[view.id]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {/* Anyone signed in may search the directory: it holds no patient data. */}
        <DirectorySearchBox />
        <div className="top-bar-tools">
          <NotificationBell />
          <LanguagePicker />
          <span className="who" data-testid="signed-in-user">
            <span className="visually-hidden">{t.auth.signedInAs} </span>
            {session.name} <span className="role">({t.roles[session.role] ?? session.role})</span>
          </span>
          <button type="button" onClick={signOut}>
            {t.auth.signOut}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
