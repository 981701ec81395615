import { StoredTokens } from './session-store';

/**
 * How the tabs of one browser share a sign-in: a new tab asks, a signed-in tab answers with its tokens;
 * a renewal, a sign-out or a refused renewal is told to every tab. BroadcastChannel reaches only tabs of
 * the same origin in the same browser profile, and nothing of it is written to disk.
 */
export type SessionMessage =
  | { type: 'ask'; nonce: string }
  /** An answer to `ask` (with its nonce), or the tokens a renewal brought (without). */
  | { type: 'tokens'; tokens: StoredTokens; nonce?: string }
  | { type: 'signed-out' }
  /** The identity provider refused to renew this sign-in: it is over in every tab. */
  | { type: 'ended'; sessionId: string };

const CHANNEL_NAME = 'bro.session';

export interface SessionChannel {
  post(message: SessionMessage): void;
  close(): void;
}

export function openSessionChannel(onMessage: (message: SessionMessage) => void): SessionChannel {
  if (typeof BroadcastChannel === 'undefined') return { post: () => undefined, close: () => undefined };
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent<SessionMessage>) => onMessage(event.data);
  return { post: (message) => channel.postMessage(message), close: () => channel.close() };
}
