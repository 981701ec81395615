import { Socket } from 'socket.io-client';

/**
 * The bearer token on a socket.io connection. socket.io calls `auth` at every (re)connect, so it reads the
 * token of the moment, never the one from when the socket was made; it remembers which one it sent.
 */
export function socketTokenAuth(currentToken: () => string | undefined, extra: () => Record<string, unknown> = () => ({})) {
  let sent: string | undefined;
  return {
    auth: (send: (data: object) => void) => {
      sent = currentToken();
      send({ token: sent, ...extra() });
    },
    sentToken: () => sent,
  };
}

/**
 * After a renewal: the API closes a socket when the token that opened it ends, so the socket opens
 * again with the new token now, while the old one is still good, instead of going dark at its end.
 */
export function reconnectIfRenewed(socket: Socket | undefined, token: string | undefined, sentToken: string | undefined): void {
  if (!socket || !token || !sentToken || token === sentToken) return;
  socket.disconnect().connect();
}
