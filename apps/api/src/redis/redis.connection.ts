import Redis from 'ioredis';

/**
 * The one place Bro opens a Redis connection. Commands fail fast while Redis is down instead of
 * queueing in memory (`enableOfflineQueue: false`), so a request never hangs on Redis.
 */
export function openRedisConnection(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
}
