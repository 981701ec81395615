/**
 * The two subscribers of the chaos benchmark besides the rest-hook receiver, each written as a careful
 * client is: the GP's browser on `/live` (reconnects by itself and asks for what it missed since the
 * last notification it saw), and a hospital system's websocket Subscription (binds again with a fresh
 * token whenever its socket closes). Both keep each event once, with when it first came, and count the
 * repeats they de-duplicated.
 */
import { Socket, io } from 'socket.io-client';
import WebSocket from 'ws';
import { LiveEvent, NotificationKind, Resource } from '@app/fhir';
import { Delivery } from '../reliability/rest-hook-receiver';
import { send } from './http-client';

const RECONNECT_MS = 250;

interface LiveNotification {
  id: string;
  kind: string;
  resource?: string;
}

/** Pages of the GP's notification list a reconnected browser reads at most. */
const CATCH_UP_PAGES = 40;
const CATCH_UP_PAGE_SIZE = 100;

/**
 * The GP's live connection: the new-task notification of each task, by notification id. After a
 * reconnect it also reads the list again (unread first, newest first) back to a minute before it lost
 * the connection, as the web app shows the list: the socket's replay since the last id seen sends at most
 * 200, and a notification pushed late can have a smaller id than the last one seen.
 */
export class LiveInbox {
  readonly first: Delivery[] = [];
  repeats = 0;
  disconnects = 0;
  /** Notifications first had from the list after a reconnect rather than from the socket. */
  caughtUp = 0;
  private disconnectedAt?: number;
  private readonly seen = new Set<string>();
  private lastSeenId?: string;
  private socket?: Socket;

  constructor(
    private readonly origin: string,
    private readonly token: string,
  ) {}

  async connect(): Promise<void> {
    const socket = io(`${this.origin}/live`, {
      auth: (give) => give({ token: this.token, ...(this.lastSeenId ? { lastSeenId: this.lastSeenId } : {}) }),
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: RECONNECT_MS,
      reconnectionDelayMax: 1_000,
    });
    this.socket = socket;
    socket.on(LiveEvent.Notification, (notification: LiveNotification) => this.take(notification, Date.now()));
    socket.on('disconnect', () => {
      this.disconnects += 1;
      this.disconnectedAt ??= Date.now();
    });
    socket.on(LiveEvent.Ready, () => {
      const since = this.disconnectedAt;
      this.disconnectedAt = undefined;
      if (since !== undefined) this.catchUp(since - 60_000).catch(() => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once(LiveEvent.Ready, () => resolve());
      socket.once('connect_error', reject);
    });
  }

  private async catchUp(back: number): Promise<void> {
    for (let page = 1; page <= CATCH_UP_PAGES; page++) {
      const answer = await send(`${this.origin}/api/notifications?page=${page}&pageSize=${CATCH_UP_PAGE_SIZE}`, 'GET', { Authorization: `Bearer ${this.token}` });
      if (answer.status !== 200) return;
      const { notifications } = JSON.parse(answer.body) as { notifications: Array<LiveNotification & { createdAt: string }> };
      const before = this.first.length;
      for (const notification of notifications) this.take(notification, Date.now(), false);
      this.caughtUp += this.first.length - before;
      if (notifications.length < CATCH_UP_PAGE_SIZE || notifications.every((n) => Date.parse(n.createdAt) < back)) return;
    }
  }

  private take(notification: LiveNotification, receivedAt: number, live = true): void {
    if (!this.lastSeenId || BigInt(notification.id) > BigInt(this.lastSeenId)) this.lastSeenId = notification.id;
    if (notification.kind !== NotificationKind.NewTask || !notification.resource) return;
    if (this.seen.has(notification.id)) {
      if (live) this.repeats += 1;
      return;
    }
    this.seen.add(notification.id);
    // A task's new-task notification is about its first version.
    this.first.push({ eventId: notification.id, resource: notification.resource, version: 1, receivedAt });
  }

  close(): void {
    this.socket?.disconnect();
  }
}

interface NotificationBundle {
  resourceType?: string;
  identifier?: { value?: string };
  entry?: Array<{ resource?: Resource }>;
}

/**
 * A websocket Subscription's client: binds with a token from `$get-ws-binding-token` and keeps each
 * event-notification once by its `urn:bro:event-id`. A websocket Subscription is a live channel (what is
 * published while no socket is bound is not kept), so a closed socket is opened and bound again at once.
 */
export class WebsocketSubscriber {
  readonly first: Delivery[] = [];
  repeats = 0;
  disconnects = 0;
  /** The event numbers (events-since-subscription-start) of the notifications seen: a gap is an event published while this client could not hear it. */
  readonly eventNumbers = new Set<number>();
  private readonly seen = new Set<string>();
  private socket?: WebSocket;
  private closing = false;

  constructor(
    private readonly origin: string,
    private readonly token: string,
    private readonly subscriptionId: string,
  ) {}

  async connect(): Promise<void> {
    for (;;) {
      try {
        await this.bind();
        return;
      } catch {
        if (this.closing) return;
        // The API or Redis is away: try again, as a client would.
        await new Promise((done) => setTimeout(done, RECONNECT_MS));
      }
    }
  }

  private async bind(): Promise<void> {
    const issued = await send(`${this.origin}/fhir/R4/Subscription/${this.subscriptionId}/$get-ws-binding-token`, 'POST', { Authorization: `Bearer ${this.token}` });
    if (issued.status !== 200) throw new Error(`binding token: HTTP ${issued.status}`);
    const token = (JSON.parse(issued.body) as { parameter: Array<{ name: string; valueString?: string }> }).parameter.find((p) => p.name === 'token')?.valueString;
    const socket = new WebSocket(`${this.origin.replace(/^http/, 'ws')}/fhir/R4/ws/subscriptions`);
    let handshake = false;
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('closed before the handshake')));
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as NotificationBundle;
        if (!handshake && frame.resourceType === 'Bundle') {
          handshake = true;
          resolve();
        }
        this.take(frame, Date.now());
      });
      socket.once('open', () => socket.send(JSON.stringify({ type: 'bind-with-token', payload: { token } })));
    });
    this.socket = socket;
    socket.on('error', () => undefined);
    socket.once('close', () => {
      if (this.closing) return;
      this.disconnects += 1;
      this.connect().catch(() => undefined);
    });
  }

  private take(frame: NotificationBundle, receivedAt: number): void {
    const status = frame.entry?.[0]?.resource as { parameter?: Array<{ name: string; valueString?: string; valueInteger64?: string; valueUnsignedInt?: number }> } | undefined;
    const number = status?.parameter?.find((p) => p.name === 'events-since-subscription-start');
    const eventId = frame.identifier?.value;
    const resource = frame.entry?.[1]?.resource;
    if (number && resource) this.eventNumbers.add(Number(number.valueInteger64 ?? number.valueString ?? number.valueUnsignedInt));
    if (!eventId || !resource) return;
    if (this.seen.has(eventId)) {
      this.repeats += 1;
      return;
    }
    this.seen.add(eventId);
    this.first.push({ eventId, resource: `${resource.resourceType}/${resource.id}`, version: Number(resource.meta?.versionId), receivedAt });
  }

  /** Events published for the Subscription that this client never heard (by their numbers). */
  get gaps(): number {
    return this.eventNumbers.size === 0 ? 0 : Math.max(...this.eventNumbers) - this.eventNumbers.size;
  }

  close(): void {
    this.closing = true;
    this.socket?.close();
  }
}
