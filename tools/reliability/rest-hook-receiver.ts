import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Resource } from '@app/fhir';
import { freePort } from './free-port';

/** One change as a subscriber first received it. */
export interface Delivery {
  eventId: string;
  /** `Task/123` */
  resource: string;
  version: number;
  /** When it arrived (ms since the epoch). */
  receivedAt: number;
}

/**
 * A rest-hook receiver as a careful one is written: it de-duplicates on the event id. `first` holds
 * each event once, in the order it first came; `posts` counts every POST (duplicates included).
 * Only its Subscription's events are kept (a port may have served another receiver before).
 */
export class Receiver {
  readonly first: Delivery[] = [];
  posts = 0;
  subscriptionId = '';
  private readonly seen = new Set<string>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Receiver> {
    const port = await freePort();
    const server = createServer();
    const receiver = new Receiver(server, `http://127.0.0.1:${port}/hook`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        receiver.take(String(request.headers['x-bro-event-id']), body, Date.now());
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    return receiver;
  }

  private take(eventId: string, body: string, receivedAt: number): void {
    if (!this.subscriptionId || !eventId.endsWith(`-${this.subscriptionId}`)) return;
    this.posts += 1;
    if (this.seen.has(eventId)) return;
    this.seen.add(eventId);
    const resource = JSON.parse(body) as Resource;
    this.first.push({ eventId, resource: `${resource.resourceType}/${resource.id}`, version: Number(resource.meta?.versionId), receivedAt });
  }

  close(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()));
  }
}
