/** What a client may send on the subscriptions websocket (the FHIR subscriptions framework's messages). */
export type WebsocketClientMessage = { type: 'bind-with-token'; token: string } | { type: 'ping' };

/** Reads one text frame; undefined when it is not a message Bro understands. */
export function parseClientMessage(text: string): WebsocketClientMessage | undefined {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!message || typeof message !== 'object') return undefined;
  const { type, payload } = message as { type?: unknown; payload?: unknown };
  if (type === 'ping') return { type };
  if (type !== 'bind-with-token' || !payload || typeof payload !== 'object') return undefined;
  const token = (payload as { token?: unknown }).token;
  return typeof token === 'string' && token.length > 0 && token.length <= 512 ? { type, token } : undefined;
}
