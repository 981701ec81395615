import Redis from 'ioredis';
import { dropTestDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const identityProvider = (globalThis as { __broIdentityProvider?: { stop(): Promise<void> } }).__broIdentityProvider;
  await identityProvider?.stop();
  if (process.env.BRO_TEST_DATABASE_NAME) await dropTestDatabase(process.env.BRO_TEST_DATABASE_NAME);
  const prefix = process.env.REDIS_PREFIX;
  if (prefix) {
    const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  }
}
