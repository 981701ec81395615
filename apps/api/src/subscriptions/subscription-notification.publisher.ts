import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { producerConnection } from '../queues/bullmq.adapter';
import { PublishedNotification, eventCountKeyOf, notificationChannelOf } from './subscription-notification.channel';

/**
 * Counts and publishes in one atomic step: two workers publishing for the same Subscription at once
 * cannot send number 7 before number 6.
 */
const COUNT_AND_PUBLISH = `local n = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', KEYS[2], n .. '\\n' .. ARGV[1])
return n`;

/** The worker's side of websocket delivery: hands a notification to whichever API instances hold a socket bound to the Subscription. */
@Injectable()
export class SubscriptionNotificationPublisher implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis = producerConnection(config);
    this.redis.on('error', () => undefined);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  /** Returns the notification's number (events-since-subscription-start). */
  async publish(subscriptionId: string, notification: Omit<PublishedNotification, 'eventNumber'>): Promise<number> {
    const count = await this.redis.eval(
      COUNT_AND_PUBLISH,
      2,
      eventCountKeyOf(this.config, subscriptionId),
      notificationChannelOf(this.config, subscriptionId),
      JSON.stringify(notification),
    );
    return Number(count);
  }
}
