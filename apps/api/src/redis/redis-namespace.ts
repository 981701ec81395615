import { AppConfig } from '../config/app-config';

type RedisCoordinates = Pick<AppConfig, 'redisPrefix' | 'redisDb'>;

/**
 * Where one Bro deployment's names live on a Redis server shared with others.
 *
 * Keys carry REDIS_PREFIX and sit in the database REDIS_URL selects, so a deployment's keys are
 * apart from another's by the prefix or by the database. Pub/sub channels are not: Redis delivers
 * a PUBLISH to subscribers of every database. So every channel Bro publishes on (socket.io's rooms
 * for `/live` and `/board`, websocket Subscriptions) starts with this, which names the prefix
 * and the database: two deployments with the same prefix on databases 1 and 2 never hear each other.
 */
export function channelNamespace(config: RedisCoordinates): string {
  return `${config.redisPrefix}:db${config.redisDb}`;
}

/** The socket.io adapter's and emitter's `key`: the root of their channels (`<key>#/live#…`). */
export function socketIoChannelKey(config: RedisCoordinates): string {
  return `${channelNamespace(config)}:socket.io`;
}
