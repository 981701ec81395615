import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { FhirService } from '../fhir/fhir.service';
import { SubscriptionNotificationListener } from './subscription-notification.listener';
import { WebsocketBindingTokenStore } from './websocket-binding-token.store';
import { WEBSOCKET_SUBSCRIPTIONS_PATH } from './websocket-endpoint';
import { SessionServices, WebsocketSubscriptionSession } from './websocket-subscription.session';

/** socket.io (the web app's live connection, the board) answers its own upgrades on this path. */
const SOCKET_IO_PATH = '/socket.io/';
/** Client frames are small JSON messages; anything bigger is refused by `ws` itself. */
const MAX_CLIENT_FRAME_BYTES = 16 * 1024;
const BIND_WITHIN_MILLISECONDS = 30_000;
/** How long a shutdown waits for clients to acknowledge the close before cutting them off. */
const CLOSE_GRACE_MILLISECONDS = 2_000;

/**
 * The FHIR subscriptions websocket (`/fhir/R4/ws/subscriptions`, plain WebSocket) on the API's own
 * HTTP server, beside socket.io. socket.io is told not to destroy upgrades it does not own
 * (`destroyUpgrade: false`), so this server answers every upgrade that is not socket.io's: its own
 * path, or 404 for any other.
 */
@Injectable()
export class WebsocketSubscriptionServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  private readonly sessions = new Set<WebsocketSubscriptionSession>();
  private readonly services: SessionServices;
  private httpServer?: Server;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    fhir: FhirService,
    tokens: WebsocketBindingTokenStore,
    listener: SubscriptionNotificationListener,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.services = {
      tokens,
      listener,
      readSubscription: async (id) => (await fhir.readIfPresent('Subscription', id))?.resource,
      fhirBaseUrl: config.fhirBaseUrl,
      defaultHeartbeatSeconds: config.websocketHeartbeatSeconds,
      bindWithinMilliseconds: BIND_WITHIN_MILLISECONDS,
    };
  }

  onApplicationBootstrap(): void {
    this.httpServer = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.httpServer.on('upgrade', this.onUpgrade);
  }

  /** Before the HTTP server closes, which would otherwise wait for these sockets. */
  async beforeApplicationShutdown(): Promise<void> {
    this.httpServer?.off('upgrade', this.onUpgrade);
    const sessions = [...this.sessions];
    for (const session of sessions) session.shutDown();
    const grace = new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MILLISECONDS).unref());
    await Promise.race([Promise.all(sessions.map((session) => session.closed)), grace]);
    for (const session of sessions) session.terminate();
    this.server.close();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://upgrade.invalid').pathname;
    if (path.startsWith(SOCKET_IO_PATH)) return;
    if (path !== WEBSOCKET_SUBSCRIPTIONS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (webSocket) => {
      const session = new WebsocketSubscriptionSession(webSocket, this.services);
      this.sessions.add(session);
      webSocket.once('close', () => this.sessions.delete(session));
    });
  }
}
