import { useState } from 'react';
import { LanguagePicker } from '../components/LanguagePicker';
import { useLanguage } from '../i18n/LanguageProvider';
import { useLocation } from '../routing/router';
import { SignInNotice } from './AuthProvider';
import { IdentityProviderUnavailableError, beginSignIn } from './oidc-client';

/** Shown whenever nobody is signed in: one button to the identity provider, which lists the demo users in development. */
export function SignInPage({ notice }: { notice?: SignInNotice }) {
  const { t, language } = useLanguage();
  const { href } = useLocation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  const signIn = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await beginSignIn(language, href === '/callback' ? '/' : href);
    } catch (error) {
      setBusy(false);
      setProblem(error instanceof IdentityProviderUnavailableError ? t.auth.identityProviderDown : String((error as Error).message));
    }
  };

  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <h1>{t.auth.signInTitle}</h1>
        <p className="lead">{t.tagline}</p>
        {notice === 'expired' && (
          <p className="notice warning" role="alert">
            {t.auth.sessionExpired}
          </p>
        )}
        {notice === 'signed-out' && (
          <p className="notice" role="status">
            {t.auth.signedOut}
          </p>
        )}
        <p>{t.auth.signInLead}</p>
        <button type="button" className="primary large" onClick={signIn} disabled={busy}>
          {busy ? t.auth.signingIn : t.auth.signIn}
        </button>
        {problem && (
          <p className="notice error" role="alert">
            {problem}
          </p>
        )}
        <LanguagePicker />
      </div>
    </main>
  );
}
