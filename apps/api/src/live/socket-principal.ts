import type { Socket } from 'socket.io';
import { OidcTokenVerifier } from '../auth/oidc-token.verifier';
import { Principal } from '../auth/principal';

/**
 * Who is on the other end of a socket: the bearer token from the handshake (`auth: { token }`, or an
 * Authorization header), verified as for any API request. The socket is closed when the token expires,
 * so a connection never outlives the token that opened it.
 */
export async function authenticateSocket(socket: Socket, verifier: OidcTokenVerifier): Promise<Principal> {
  const auth = (socket.handshake.auth ?? {}) as { token?: unknown };
  const header = socket.handshake.headers.authorization;
  const token = typeof auth.token === 'string' ? auth.token : typeof header === 'string' ? header.replace(/^Bearer\s+/i, '') : undefined;
  if (!token) throw new Error('a bearer token is required (auth: { token })');
  const principal = await verifier.verify(token);
  // A client that left while its token was checked has had its 'disconnect' already: a timer set now would
  // never be cleared, and would hold the process for the token's lifetime.
  if (socket.disconnected) throw new Error('the connection closed while its token was checked');
  const timer = setTimeout(() => socket.disconnect(true), Math.max(0, principal.tokenExpiresAt * 1000 - Date.now()));
  // Closing the server closes its sockets; this timer alone never keeps the process running.
  timer.unref();
  socket.once('disconnect', () => clearTimeout(timer));
  return principal;
}

/** Tells the client why it is turned away, then closes the socket. */
export function refuseSocket(socket: Socket, error: unknown): void {
  socket.emit('unauthorized', { message: error instanceof Error ? error.message : 'not authorized' });
  socket.disconnect(true);
}
