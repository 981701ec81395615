import { Logger } from '@nestjs/common';
import { WebSocket } from 'ws';
import { Resource, operationOutcome } from '@app/fhir';
import { ChannelType, channelOf, heartbeatPeriodOf } from './subscription-fields';
import { NotificationContext, eventNotificationBundle, handshakeBundle, heartbeatBundle } from './subscription-notification.bundle';
import { PublishedNotification } from './subscription-notification.channel';
import { SubscriptionNotificationListener } from './subscription-notification.listener';
import { WebsocketBinding, WebsocketBindingTokenStore } from './websocket-binding-token.store';
import { parseClientMessage } from './websocket-client-message';

/** What a session needs from the rest of the API. */
export interface SessionServices {
  tokens: WebsocketBindingTokenStore;
  listener: SubscriptionNotificationListener;
  /** The Subscription as stored now, or undefined when there is none (never was, or deleted). */
  readSubscription(id: string): Promise<Resource | undefined>;
  fhirBaseUrl: string;
  defaultHeartbeatSeconds: number;
  /** A socket that binds nothing within this time is closed. */
  bindWithinMilliseconds: number;
}

/** Close codes (RFC 6455): the client broke a rule (bad token), Bro failed, or the client reads too slowly. */
const POLICY_VIOLATION = 1008;
const INTERNAL_ERROR = 1011;
const TRY_AGAIN_LATER = 1013;
const NORMAL = 1000;

/** A client that lets this much pile up unread is cut off rather than letting the API's memory grow. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** setTimeout's limit; a token lives far shorter anyway. */
const LONGEST_TIMER_MILLISECONDS = 2 ** 31 - 1;

interface Bound {
  subscriptionId: string;
  /** Handshake sent: notifications go out as they come; before that they wait so the handshake is first. */
  live: boolean;
  waiting: PublishedNotification[];
  /** The last count the client was told, for a heartbeat when Redis cannot say. */
  eventsSoFar: number;
  stopListening?: () => void;
  heartbeat?: NodeJS.Timeout;
  expiry?: NodeJS.Timeout;
}

function isLiveWebsocket(subscription: Resource | undefined): subscription is Resource {
  return subscription?.status === 'active' && channelOf(subscription).type === ChannelType.Websocket;
}

/**
 * One client's websocket: it binds Subscriptions with tokens from `$get-ws-binding-token`, then gets
 * a handshake, a heartbeat every period, and a notification Bundle per matching change. A binding
 * lasts until the caller's access token behind it expires; binding again on the same socket with a
 * fresh token extends it. Anything wrong with a token gets an OperationOutcome and the socket closed.
 */
export class WebsocketSubscriptionSession {
  private readonly logger = new Logger('WebsocketSubscriptions');
  private readonly bound = new Map<string, Bound>();
  private readonly unbound: NodeJS.Timeout;
  /** Messages are handled one at a time, in the order they came. */
  private handling: Promise<void> = Promise.resolve();
  private ended = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly services: SessionServices,
  ) {
    this.unbound = setTimeout(() => this.refuse(POLICY_VIOLATION, 'security', 'no bind-with-token in time'), services.bindWithinMilliseconds);
    socket.on('message', (data, isBinary) => {
      this.handling = this.handling.then(() => this.onMessage(isBinary ? undefined : data.toString()));
    });
    socket.on('close', () => this.end());
    socket.on('error', () => this.end());
  }

  /** Closes the socket as the server goes down; the client reconnects to another instance. */
  shutDown(): void {
    this.close(1001, 'the server is shutting down; connect and bind again');
  }

  get closed(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  /** Ends the socket without waiting for the client's close frame. */
  terminate(): void {
    this.socket.terminate();
  }

  private async onMessage(text: string | undefined): Promise<void> {
    if (this.ended) return;
    const message = text === undefined ? undefined : parseClientMessage(text);
    if (!message) {
      this.sendError('invalid', 'send JSON text frames: {"type":"bind-with-token","payload":{"token":"<from $get-ws-binding-token>"}} or {"type":"ping"}');
      return;
    }
    if (message.type === 'ping') {
      this.send({ type: 'pong' });
      return;
    }
    try {
      await this.bind(message.token);
    } catch (error) {
      this.logger.warn(`binding failed: ${error instanceof Error ? error.message : String(error)}`);
      this.refuse(INTERNAL_ERROR, 'transient', 'the binding could not be set up; try again shortly');
    }
  }

  private async bind(token: string): Promise<void> {
    const redeemed = await this.services.tokens.redeem(token);
    if ('refused' in redeemed) {
      if (redeemed.refused === 'expired') this.refuse(POLICY_VIOLATION, 'expired', 'the binding token has expired; get a new one with $get-ws-binding-token');
      else this.refuse(POLICY_VIOLATION, 'security', 'the binding token is not valid; get one with $get-ws-binding-token');
      return;
    }
    const { binding } = redeemed;
    const subscription = await this.services.readSubscription(binding.subscriptionId);
    if (!isLiveWebsocket(subscription)) {
      this.refuse(POLICY_VIOLATION, 'processing', `Subscription/${binding.subscriptionId} is no longer an active websocket Subscription`);
      return;
    }
    if (this.ended) return;
    clearTimeout(this.unbound);
    const existing = this.bound.get(binding.subscriptionId);
    if (existing) {
      this.expireAt(existing, binding);
      this.handshake(existing, subscription, existing.eventsSoFar);
      return;
    }
    const bound: Bound = { subscriptionId: binding.subscriptionId, live: false, waiting: [], eventsSoFar: 0 };
    this.bound.set(binding.subscriptionId, bound);
    this.expireAt(bound, binding);
    bound.stopListening = await this.services.listener.listen(binding.subscriptionId, (notification) => this.onNotification(bound, notification));
    if (this.ended) {
      bound.stopListening();
      return;
    }
    // Listening first, then the count and the handshake: nothing published from here on is missed.
    const eventsSoFar = await this.services.listener.eventsSoFar(binding.subscriptionId);
    if (this.ended) return;
    this.handshake(bound, subscription, eventsSoFar);
    bound.live = true;
    for (const notification of bound.waiting.splice(0)) this.onNotification(bound, notification);
    const period = heartbeatPeriodOf(subscription, this.services.defaultHeartbeatSeconds);
    bound.heartbeat = setInterval(() => void this.heartbeat(bound).catch((error: unknown) => this.logger.warn(`heartbeat failed: ${error instanceof Error ? error.name : typeof error}`)), period * 1000);
    this.logger.debug(`socket bound to Subscription/${binding.subscriptionId} for ${binding.subject}`);
  }

  private handshake(bound: Bound, subscription: Resource, eventsSoFar: number): void {
    bound.eventsSoFar = Math.max(bound.eventsSoFar, eventsSoFar);
    this.send(handshakeBundle(this.contextOf(bound, String(subscription.status))));
  }

  /** The binding ends with the access token of the caller who asked for it: revoking a client cuts its feed. */
  private expireAt(bound: Bound, binding: WebsocketBinding): void {
    clearTimeout(bound.expiry);
    const remaining = Math.min(Math.max(0, binding.callerExpiresAt - Date.now()), LONGEST_TIMER_MILLISECONDS);
    bound.expiry = setTimeout(
      () => this.refuse(POLICY_VIOLATION, 'expired', `the access token behind the binding to Subscription/${bound.subscriptionId} has expired; bind again with a new token`),
      remaining,
    );
  }

  private onNotification(bound: Bound, notification: PublishedNotification): void {
    if (!bound.live) {
      bound.waiting.push(notification);
      return;
    }
    bound.eventsSoFar = Math.max(bound.eventsSoFar, notification.eventNumber);
    this.send(eventNotificationBundle({ fhirBaseUrl: this.services.fhirBaseUrl, subscriptionId: bound.subscriptionId, status: 'active' }, notification));
  }

  /** Also how a socket learns that its Subscription was turned off or deleted: it is closed with the reason. */
  private async heartbeat(bound: Bound): Promise<void> {
    try {
      const subscription = await this.services.readSubscription(bound.subscriptionId);
      if (!isLiveWebsocket(subscription)) {
        this.refuse(NORMAL, 'processing', `Subscription/${bound.subscriptionId} is no longer active`);
        return;
      }
      const eventsSoFar = await this.services.listener.eventsSoFar(bound.subscriptionId).catch(() => bound.eventsSoFar);
      bound.eventsSoFar = Math.max(bound.eventsSoFar, eventsSoFar);
      this.send(heartbeatBundle(this.contextOf(bound, 'active')));
    } catch {
      // The database did not answer this time; the next heartbeat asks again.
    }
  }

  private contextOf(bound: Bound, status: string): NotificationContext {
    return { fhirBaseUrl: this.services.fhirBaseUrl, subscriptionId: bound.subscriptionId, status, eventsSinceSubscriptionStart: bound.eventsSoFar };
  }

  private send(message: object): void {
    if (this.ended || this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(TRY_AGAIN_LATER, 'notifications are not being read; connect and bind again');
      return;
    }
    this.socket.send(JSON.stringify(message));
  }

  private sendError(code: string, diagnostics: string): void {
    this.send(operationOutcome([{ severity: 'error', code, diagnostics }]));
  }

  /** Says why in an OperationOutcome (a close reason is limited to 123 bytes), then closes. */
  private refuse(closeCode: number, issueCode: string, diagnostics: string): void {
    this.sendError(issueCode, diagnostics);
    this.close(closeCode, diagnostics);
  }

  private close(code: number, reason: string): void {
    if (this.ended) return;
    this.end();
    this.socket.close(code, Buffer.byteLength(reason) <= 123 ? reason : `${reason.slice(0, 119)}...`);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.unbound);
    for (const bound of this.bound.values()) {
      clearInterval(bound.heartbeat);
      clearTimeout(bound.expiry);
      bound.stopListening?.();
    }
    this.bound.clear();
  }
}
