import { ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { configureApiAuth } from '../api/api-client';
import { navigate } from '../routing/router';
import { Session, clearSession, loadSession, saveSession } from './session-store';

/** Why the sign-in page is showing, when it is not the first visit. */
export type SignInNotice = 'expired' | 'signed-out';

interface AuthState {
  session: Session | undefined;
  notice: SignInNotice | undefined;
  /** Stores the token from a completed sign-in. */
  acceptToken(accessToken: string): Session;
  signOut(): void;
}

const AuthContext = createContext<AuthState | undefined>(undefined);

/**
 * Holds who is signed in. The token is handed to the API client; a 401 from the API, a refused
 * socket or the token's expiry all end the session and show the sign-in page again, on the same
 * address, so the user comes back to where they were.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [notice, setNotice] = useState<SignInNotice>();
  const current = useRef(session);
  current.current = session;

  const expire = useCallback(() => {
    if (!current.current) return;
    clearSession();
    current.current = undefined;
    setSession(undefined);
    setNotice('expired');
  }, []);

  useEffect(() => {
    configureApiAuth({ token: () => current.current?.accessToken, onUnauthorized: expire });
  }, [expire]);

  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(expire, Math.max(0, session.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [session, expire]);

  const acceptToken = useCallback((accessToken: string) => {
    const next = saveSession(accessToken);
    current.current = next;
    setSession(next);
    setNotice(undefined);
    return next;
  }, []);

  const signOut = useCallback(() => {
    clearSession();
    current.current = undefined;
    setSession(undefined);
    setNotice('signed-out');
    // The next person may have another role: start from the top, not from this user's view.
    navigate('/', { replace: true });
  }, []);

  const value = useMemo<AuthState>(() => ({ session, notice, acceptToken, signOut }), [session, notice, acceptToken, signOut]);
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
