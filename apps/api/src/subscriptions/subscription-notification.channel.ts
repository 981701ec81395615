import { RedisChannel, RedisKey, Resource } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { channelNamespace } from '../redis/redis-namespace';

/** What the worker hands to the API instances for one websocket notification. */
export interface PublishedNotification {
  /** Unique per change and Subscription; the same on a retry, so receivers de-duplicate on it. */
  eventId: string;
  /** events-since-subscription-start, counted when the notification was published. */
  eventNumber: number;
  timestamp: string;
  /** The changed resource, at the version that changed. */
  resource: Resource;
}

/** The Redis pub/sub channel of one Subscription's notifications (pub/sub crosses databases: the channel names its deployment). */
export function notificationChannelOf(config: AppConfig, subscriptionId: string): string {
  return `${channelNamespace(config)}:${RedisChannel.SubscriptionNotifications}:${subscriptionId}`;
}

/** The Subscription a notification channel belongs to. */
export function subscriptionOfChannel(config: AppConfig, channel: string): string {
  return channel.slice(`${channelNamespace(config)}:${RedisChannel.SubscriptionNotifications}:`.length);
}

/** The counter of a Subscription's notifications so far. */
export function eventCountKeyOf(config: AppConfig, subscriptionId: string): string {
  return `${config.redisPrefix}:${RedisKey.SubscriptionEventCount}:${subscriptionId}`;
}

/**
 * On the wire: `<eventNumber>\n<JSON without eventNumber>`. The number is put in front by the Lua
 * script that counts and publishes in one step, so the JSON is never decoded and re-encoded in Redis.
 */
export function decodeNotification(message: string): PublishedNotification {
  const newline = message.indexOf('\n');
  return { ...(JSON.parse(message.slice(newline + 1)) as Omit<PublishedNotification, 'eventNumber'>), eventNumber: Number(message.slice(0, newline)) };
}
