import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { openRedisConnection } from '../redis/redis.connection';
import { REDIS } from '../redis/redis.module';
import { PublishedNotification, decodeNotification, eventCountKeyOf, notificationChannelOf, subscriptionOfChannel } from './subscription-notification.channel';

const CONNECT_TIMEOUT_MILLISECONDS = 3_000;

export type NotificationHandler = (notification: PublishedNotification) => void;

interface Listening {
  handlers: Set<NotificationHandler>;
  /** Resolves once Redis confirmed the subscription: nothing published after that is missed. */
  subscribed: Promise<void>;
}

/**
 * The API's side of websocket delivery: one Redis subscriber connection per API instance, listening
 * only to the Subscriptions some socket here is bound to, and handing each notification to those
 * sockets in the order Redis delivers them.
 */
@Injectable()
export class SubscriptionNotificationListener implements OnApplicationShutdown {
  private readonly logger = new Logger('WebsocketSubscriptions');
  private subscriber?: Redis;
  private readonly listening = new Map<string, Listening>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }

  /** Opened on the first binding, so an API instance without websocket clients holds no extra connection. */
  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = openRedisConnection(this.config.redisUrl, 'bro-ws-subscriber');
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, message: string) => {
      const listening = this.listening.get(subscriptionOfChannel(this.config, channel));
      if (!listening) return;
      let notification: PublishedNotification;
      try {
        notification = decodeNotification(message);
      } catch {
        this.logger.warn('a websocket notification could not be read and was dropped');
        return;
      }
      for (const handler of listening.handlers) handler(notification);
    });
    this.subscriber = subscriber;
    return subscriber;
  }

  /** The subscriber connection once it is ready; it fails fast (like every request's Redis call) while Redis is away. */
  private async ready(): Promise<Redis> {
    const subscriber = this.connection();
    if (subscriber.status === 'ready') return subscriber;
    await new Promise<void>((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        subscriber.off('ready', onReady);
        reject(new Error('Redis is not answering'));
      }, CONNECT_TIMEOUT_MILLISECONDS);
      subscriber.once('ready', onReady);
    });
    return subscriber;
  }

  /** Starts handing `subscriptionId`'s notifications to `handler`; resolves once none can be missed. Returns how to stop. */
  async listen(subscriptionId: string, handler: NotificationHandler): Promise<() => void> {
    let listening = this.listening.get(subscriptionId);
    if (!listening) {
      const created: Listening = { handlers: new Set(), subscribed: Promise.resolve() };
      created.subscribed = this.ready()
        .then((subscriber) => subscriber.subscribe(notificationChannelOf(this.config, subscriptionId)))
        .then(() => undefined)
        .catch((error: unknown) => {
          if (this.listening.get(subscriptionId) === created) this.listening.delete(subscriptionId);
          throw error;
        });
      this.listening.set(subscriptionId, created);
      listening = created;
    }
    listening.handlers.add(handler);
    try {
      await listening.subscribed;
    } catch (error) {
      listening.handlers.delete(handler);
      throw error;
    }
    const stop = listening;
    return () => {
      stop.handlers.delete(handler);
      if (stop.handlers.size > 0 || this.listening.get(subscriptionId) !== stop) return;
      this.listening.delete(subscriptionId);
      this.subscriber?.unsubscribe(notificationChannelOf(this.config, subscriptionId)).catch(() => undefined);
    };
  }

  /** events-since-subscription-start as of now. */
  async eventsSoFar(subscriptionId: string): Promise<number> {
    return Number((await this.redis.get(eventCountKeyOf(this.config, subscriptionId))) ?? 0);
  }
}
