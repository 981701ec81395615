import Redis from 'ioredis';
import type { Logger } from '@nestjs/common';

/**
 * How long to wait before the next attempt to reach Redis after losing it: quickly at first, then
 * once a second. Cheap against a Redis that is down, and Bro is working again about a second after
 * Redis is back (a longer cap would leave queues and sockets idle for that long after its return).
 */
export function reconnectDelay(attempt: number): number {
  return Math.min(attempt * 100, 1_000);
}

/**
 * A Redis connection for what requests use (rate limits, binding tokens). Commands fail fast while Redis is down
 * instead of queueing in memory (`enableOfflineQueue: false`), so a request never hangs on Redis.
 */
export function openRedisConnection(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
    retryStrategy: reconnectDelay,
  });
}

/**
 * A connection whose commands wait for Redis to come back instead of failing: for BullMQ workers
 * (which require `maxRetriesPerRequest: null`) and for socket.io's publishers and subscribers, whose
 * libraries do not handle a failed PUBLISH. Never used where an HTTP request waits on the answer.
 */
export function openWaitingRedisConnection(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    retryStrategy: reconnectDelay,
  });
}

/**
 * One line when a connection loses Redis and one when it has it back, instead of an error per
 * reconnect attempt (or ioredis's "Unhandled error event" on stderr when nobody listens).
 */
export function logRedisOutages(redis: Redis, logger: Pick<Logger, 'warn' | 'log'>, what: string): Redis {
  let away = false;
  redis.on('error', (error: Error) => {
    if (away) return;
    away = true;
    logger.warn(`${what}: Redis unreachable (${error.message}); reconnecting`);
  });
  redis.on('ready', () => {
    if (!away) return;
    away = false;
    logger.log(`${what}: Redis is back`);
  });
  return redis;
}
