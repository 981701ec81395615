import { RenewalRefusedError, TokenSet, renewTokens, revokeRefreshToken } from './oidc-client';
import { takeRenewalDuty, someTabIsSignedIn, tabsCanShareSignIn } from './renewal-duty';
import { SessionChannel, SessionMessage, openSessionChannel } from './session-channel';
import { Session, StoredTokens, clearTokens, isFresh, loadTokens, saveTokens, sessionFromTokens } from './session-store';

/** Why the sign-in page is showing, when it is not the first visit. */
export type SignInNotice = 'expired' | 'signed-out';

export type SessionStatus =
  | { kind: 'signed-in'; session: Session }
  /** Looking for another tab's sign-in, or renewing one whose access token ran out (a wall screen waking up). */
  | { kind: 'restoring' }
  | { kind: 'signed-out'; notice?: SignInNotice };

/** Renew this long before the access token ends: five minutes, or a quarter of a short token's life. */
const MAX_RENEWAL_LEAD_MS = 5 * 60_000;
/** When the identity provider does not answer, try again after this long. */
const RETRY_MS = 30_000;
/** How long a new tab waits for a signed-in tab to answer before showing the sign-in page. */
const ASK_TIMEOUT_MS = 1_500;

/**
 * Keeps the sign-in of this tab alive: renews the tokens before they run out (when this tab has the
 * renewal duty), shares them with and takes them from the other tabs, and ends the sign-in in every tab
 * when the user signs out or the identity provider refuses to renew. No React here: AuthProvider shows
 * what this decides.
 */
export class SessionKeeper {
  private tokens: StoredTokens | undefined;
  private status: SessionStatus;
  private readonly listeners = new Set<() => void>();
  private channel: SessionChannel | undefined;
  private hasDuty = false;
  private giveUpDuty: (() => void) | undefined;
  private renewalTimer: ReturnType<typeof setTimeout> | undefined;
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  private renewing = false;
  private readonly answers = new Map<string, (tokens: StoredTokens) => void>();

  constructor(private readonly options: { lookForOtherTabs: boolean; onSignedOutElsewhere(): void }) {
    this.tokens = loadTokens();
    this.status = this.tokens
      ? this.statusOf(this.tokens)
      : options.lookForOtherTabs && tabsCanShareSignIn
        ? { kind: 'restoring' }
        : { kind: 'signed-out' };
  }

  /** Starts listening to the other tabs and keeping the tokens fresh; `stop` undoes it (React may do both twice). */
  start(): void {
    this.channel = openSessionChannel((message) => this.receive(message));
    if (this.tokens) this.keep(this.tokens.sessionId);
    else if (this.status.kind === 'restoring') void this.takeFromAnotherTab();
  }

  stop(): void {
    this.channel?.close();
    this.channel = undefined;
    this.dropDuty();
    this.clearTimers();
  }

  getStatus = (): SessionStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The bearer token for the API and the sockets, fresh or not: the API decides. */
  accessToken(): string | undefined {
    return this.tokens?.accessToken;
  }

  /** A completed sign-in (from /callback): a new sign-in, with its own id, shared from now on. */
  accept(tokens: TokenSet): Session {
    const stored: StoredTokens = { ...tokens, sessionId: crypto.randomUUID() };
    this.adopt(stored);
    return sessionFromTokens(stored);
  }

  /** The user signs out: here and in every other tab, and the refresh token is revoked. */
  signOut(): void {
    const refreshToken = this.tokens?.refreshToken;
    this.end('signed-out');
    this.channel?.post({ type: 'signed-out' });
    if (refreshToken) void revokeRefreshToken(refreshToken);
  }

  /** The API or a socket refused the token: this tab signs in again. */
  expire(): void {
    if (this.tokens) this.end('expired');
  }

  private statusOf(tokens: StoredTokens): SessionStatus {
    return isFresh(tokens) ? { kind: 'signed-in', session: sessionFromTokens(tokens) } : { kind: 'restoring' };
  }

  private publish(status: SessionStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener();
  }

  /** Takes tokens as this tab's: stores them, shows the session, and plans the next renewal. */
  private adopt(tokens: StoredTokens): void {
    const sameSignIn = this.tokens?.sessionId === tokens.sessionId;
    this.tokens = tokens;
    saveTokens(tokens);
    this.publish(this.statusOf(tokens));
    if (sameSignIn && this.giveUpDuty) this.plan();
    else this.keep(tokens.sessionId);
  }

  private keep(sessionId: string): void {
    this.dropDuty();
    // A duty granted after it was given up (the lock is asynchronous) is no duty.
    let wanted = true;
    const giveUp = takeRenewalDuty(sessionId, () => {
      if (!wanted) return;
      this.hasDuty = true;
      this.plan();
    });
    this.giveUpDuty = () => {
      wanted = false;
      giveUp();
    };
    this.plan();
  }

  private dropDuty(): void {
    this.giveUpDuty?.();
    this.giveUpDuty = undefined;
    this.hasDuty = false;
  }

  private clearTimers(): void {
    clearTimeout(this.renewalTimer);
    clearTimeout(this.staleTimer);
  }

  /**
   * The tab with the duty renews a while before the end; every tab shows "renewing" once its access token
   * has run out, and one without the duty then asks the others for the renewed tokens.
   */
  private plan(): void {
    this.clearTimers();
    const tokens = this.tokens;
    if (!tokens) return;
    const now = Date.now();
    if (this.hasDuty) {
      const lead = Math.min(MAX_RENEWAL_LEAD_MS, tokens.lifetimeMs / 4);
      this.renewalTimer = setTimeout(() => void this.renew(), Math.max(0, tokens.expiresAt - lead - now));
    }
    if (isFresh(tokens, now)) {
      this.staleTimer = setTimeout(() => this.plan(), Math.max(0, tokens.expiresAt - 5_000 - now));
    } else {
      this.publish({ kind: 'restoring' });
      if (!this.hasDuty) {
        void this.askOtherTabs().then((fresh) => fresh && this.receive({ type: 'tokens', tokens: fresh }));
        this.staleTimer = setTimeout(() => this.plan(), RETRY_MS);
      }
    }
  }

  private async renew(): Promise<void> {
    const current = this.tokens;
    if (!current || this.renewing || !this.hasDuty) return;
    this.renewing = true;
    try {
      const renewed: StoredTokens = { ...(await renewTokens(current)), sessionId: current.sessionId };
      // Signed out, or signed in anew, while the identity provider answered: these tokens belong to nobody.
      if (this.tokens?.sessionId !== current.sessionId) return;
      this.adopt(renewed);
      this.channel?.post({ type: 'tokens', tokens: renewed });
    } catch (error) {
      if (this.tokens?.sessionId !== current.sessionId) return;
      if (error instanceof RenewalRefusedError) {
        this.end('expired');
        this.channel?.post({ type: 'ended', sessionId: current.sessionId });
      } else {
        // The identity provider did not answer: the sign-in is not lost, try again soon.
        clearTimeout(this.renewalTimer);
        this.renewalTimer = setTimeout(() => void this.renew(), RETRY_MS);
      }
    } finally {
      this.renewing = false;
    }
  }

  /** A new tab: takes the sign-in of a tab that has one, or shows the sign-in page. */
  private async takeFromAnotherTab(): Promise<void> {
    const tokens = (await someTabIsSignedIn()) ? await this.askOtherTabs() : undefined;
    if (this.tokens || this.status.kind !== 'restoring') return;
    if (tokens) this.adopt(tokens);
    else this.publish({ kind: 'signed-out' });
  }

  private askOtherTabs(): Promise<StoredTokens | undefined> {
    const channel = this.channel;
    if (!channel) return Promise.resolve(undefined);
    const nonce = crypto.randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.answers.delete(nonce);
        resolve(undefined);
      }, ASK_TIMEOUT_MS);
      this.answers.set(nonce, (tokens) => {
        clearTimeout(timer);
        this.answers.delete(nonce);
        resolve(tokens);
      });
      channel.post({ type: 'ask', nonce });
    });
  }

  private receive(message: SessionMessage): void {
    switch (message.type) {
      case 'ask':
        // Only a fresh token is worth handing out; a tab that is renewing tells everyone when it is done.
        if (this.tokens && tabsCanShareSignIn && isFresh(this.tokens)) this.channel?.post({ type: 'tokens', tokens: this.tokens, nonce: message.nonce });
        return;
      case 'tokens': {
        const answer = message.nonce ? this.answers.get(message.nonce) : undefined;
        if (answer) {
          answer(message.tokens);
          return;
        }
        // A renewal by the tab with the duty: newer tokens of this tab's own sign-in.
        if (this.tokens?.sessionId === message.tokens.sessionId && message.tokens.expiresAt > this.tokens.expiresAt) this.adopt(message.tokens);
        return;
      }
      case 'signed-out':
        if (!this.tokens && this.status.kind === 'signed-out') return;
        this.end('signed-out');
        this.options.onSignedOutElsewhere();
        return;
      case 'ended':
        if (this.tokens?.sessionId === message.sessionId) this.end('expired');
        return;
    }
  }

  private end(notice: SignInNotice): void {
    this.dropDuty();
    this.clearTimers();
    this.tokens = undefined;
    clearTokens();
    this.publish({ kind: 'signed-out', notice });
  }
}
