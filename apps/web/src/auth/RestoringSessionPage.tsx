import { useLanguage } from '../i18n/LanguageProvider';

/** For the moment it takes to take over another tab's sign-in, or to renew one that ran out while the screen slept. */
export function RestoringSessionPage() {
  const { t } = useLanguage();
  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <p role="status">{t.auth.restoringSession}</p>
      </div>
    </main>
  );
}
