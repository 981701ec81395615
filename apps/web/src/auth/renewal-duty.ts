/**
 * Of all tabs sharing one sign-in, exactly one renews it: the refresh token is rotated at every use and a
 * spent one that comes back makes the identity provider revoke the whole sign-in, so two tabs renewing
 * at once would sign everybody out. The duty is a Web Lock held for as long as the tab keeps the sign-in;
 * when that tab closes, the lock (and the duty) passes to the next tab in line.
 */
const LOCK_PREFIX = 'bro.session-renewal:';

/** Without Web Locks (an old browser, or a page not served over https) tabs do not share a sign-in. */
export const tabsCanShareSignIn = typeof navigator !== 'undefined' && navigator.locks !== undefined;

/** Calls `onDuty` when this tab takes over renewing `sessionId`; the returned function gives the duty up. */
export function takeRenewalDuty(sessionId: string, onDuty: () => void): () => void {
  if (!tabsCanShareSignIn) {
    // Then each tab has a sign-in of its own, and renews it itself.
    onDuty();
    return () => undefined;
  }
  const locks = navigator.locks;
  const abort = new AbortController();
  let giveUp: () => void = () => undefined;
  const given = new Promise<void>((resolve) => (giveUp = resolve));
  locks
    .request(`${LOCK_PREFIX}${sessionId}`, { signal: abort.signal }, async () => {
      onDuty();
      await given;
    })
    .catch(() => undefined);
  return () => {
    abort.abort();
    giveUp();
  };
}

/** Whether some tab of this browser keeps a sign-in now, so that asking for it is worth the wait. */
export async function someTabIsSignedIn(): Promise<boolean> {
  if (!tabsCanShareSignIn) return false;
  try {
    const { held = [] } = await navigator.locks.query();
    return held.some((lock) => lock.name?.startsWith(LOCK_PREFIX));
  } catch {
    return false;
  }
}
