import { useEffect, useState } from 'react';
import { useLanguage } from '../i18n/LanguageProvider';
import { navigate } from '../routing/router';
import { homePathFor } from '../routing/views';
import { useAuth } from './AuthProvider';
import { completeSignIn } from './oidc-client';

/** One exchange per callback URL: React's development double-render must not spend the code twice. */
const exchanges = new Map<string, ReturnType<typeof completeSignIn>>();

/** The identity provider sends the user back here with a code; the code becomes the session. */
export function CallbackPage() {
  const { t } = useLanguage();
  const { acceptTokens } = useAuth();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    const url = window.location.href;
    if (!exchanges.has(url)) exchanges.set(url, completeSignIn(url));
    let current = true;
    exchanges
      .get(url)!
      .then(({ tokens, returnTo }) => {
        if (!current) return;
        const session = acceptTokens(tokens);
        navigate(returnTo && returnTo !== '/' ? returnTo : homePathFor(session.role), { replace: true });
      })
      .catch((error: Error) => current && setProblem(error.message));
    return () => {
      current = false;
    };
  }, [acceptTokens]);

  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        {problem ? (
          <>
            <h1>{t.auth.callbackFailed}</h1>
            <p className="notice error" role="alert">
              {problem}
            </p>
            <a className="button primary" href="/">
              {t.auth.tryAgain}
            </a>
          </>
        ) : (
          <p role="status">{t.auth.signingIn}</p>
        )}
      </div>
    </main>
  );
}
