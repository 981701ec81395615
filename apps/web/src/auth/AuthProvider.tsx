import { ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { configureApiAuth } from '../api/api-client';
import { navigate } from '../routing/router';
import { TokenSet } from './oidc-client';
import { SessionKeeper, SignInNotice } from './session-keeper';
import { Session } from './session-store';

export type { SignInNotice } from './session-keeper';

interface AuthState {
  session: Session | undefined;
  notice: SignInNotice | undefined;
  /** No session to show yet, but one may come: another tab's, or a renewal under way. */
  restoring: boolean;
  /** Stores the tokens from a completed sign-in. */
  acceptTokens(tokens: TokenSet): Session;
  signOut(): void;
}

const AuthContext = createContext<AuthState | undefined>(undefined);

/** The next person may have another role: start from the top, not from this user's view. */
const goHome = () => navigate('/', { replace: true });

/**
 * Holds who is signed in (SessionKeeper keeps it alive: renewal, other tabs). The token is handed to the
 * API client; a 401 from the API or a refused socket ends the session in this tab and shows the sign-in
 * page again, on the same address, so the user comes back to where they were.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [keeper] = useState(() => {
    const created = new SessionKeeper({ lookForOtherTabs: window.location.pathname !== '/callback', onSignedOutElsewhere: goHome });
    // Handed to the API client now, before any view's effect: React runs a child's effects before its
    // parent's, so a view that loads as it mounts (a reload or bookmark of /handovers/new) would otherwise
    // call the API before it has the token and be told "not signed in".
    configureApiAuth({ token: () => created.accessToken(), onUnauthorized: () => created.expire() });
    return created;
  });
  const status = useSyncExternalStore(keeper.subscribe, keeper.getStatus);

  useEffect(() => {
    // Again with the keeper React kept (in development it makes the initial state twice).
    configureApiAuth({ token: () => keeper.accessToken(), onUnauthorized: () => keeper.expire() });
    keeper.start();
    return () => keeper.stop();
  }, [keeper]);

  const acceptTokens = useCallback((tokens: TokenSet) => keeper.accept(tokens), [keeper]);
  const signOut = useCallback(() => {
    keeper.signOut();
    goHome();
  }, [keeper]);

  const value = useMemo<AuthState>(
    () => ({
      session: status.kind === 'signed-in' ? status.session : undefined,
      notice: status.kind === 'signed-out' ? status.notice : undefined,
      restoring: status.kind === 'restoring',
      acceptTokens,
      signOut,
    }),
    [status, acceptTokens, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The signed-in session, for views that only render when someone is signed in. */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('useSession without a session');
  return session;
}
