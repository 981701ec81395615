import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Drains an HTTP server for a shutdown: stop accepting connections, let the requests in flight be
 * answered, and close each keep-alive connection as soon as it falls idle (a response given while
 * draining says `Connection: close`). Upgraded connections (socket.io, websocket Subscriptions) are not
 * requests: the application closes them when it closes.
 */
export class HttpDrain {
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private settled?: () => void;

  constructor(private readonly server: Server) {
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.inFlight.add(response);
      if (this.draining) response.shouldKeepAlive = false;
      response.once('close', () => this.finished(response));
    });
  }

  /** Requests being answered right now. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Stops accepting connections and resolves once every request in flight has been answered. */
  drain(): Promise<void> {
    this.draining = true;
    // Answers not yet begun say `Connection: close`; the connection then closes after them.
    for (const response of this.inFlight) if (!response.headersSent) response.shouldKeepAlive = false;
    // Stops listening; since Node 19 it also closes the connections that are idle now.
    this.server.close();
    this.server.closeIdleConnections();
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => (this.settled = resolve));
  }

  /** Whatever is still open after the application has closed. */
  closeRemaining(): void {
    this.server.closeAllConnections();
  }

  private finished(response: ServerResponse): void {
    this.inFlight.delete(response);
    if (!this.draining) return;
    // A keep-alive connection whose response began before the drain is idle now: close it.
    setImmediate(() => this.server.closeIdleConnections());
    if (this.inFlight.size === 0) this.settled?.();
  }
}
