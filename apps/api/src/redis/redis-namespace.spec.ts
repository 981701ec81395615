import { ConfigError, loadAppConfig } from '../config/app-config';
import { notificationChannelOf } from '../subscriptions/subscription-notification.channel';
import { channelNamespace, socketIoChannelKey } from './redis-namespace';

const deployment = (redisUrl: string, prefix = 'bro') => loadAppConfig({ REDIS_URL: redisUrl, REDIS_PREFIX: prefix });

describe('a deployment on Redis', () => {
  it('reads the database number from REDIS_URL the way ioredis does', () => {
    expect(deployment('redis://127.0.0.1:6379').redisDb).toBe(0);
    expect(deployment('redis://127.0.0.1:6379/').redisDb).toBe(0);
    expect(deployment('redis://127.0.0.1:6379/2').redisDb).toBe(2);
    expect(deployment('redis://127.0.0.1:6379?db=3').redisDb).toBe(3);
    expect(deployment('rediss://user:secret@redis.example:6380/7').redisDb).toBe(7);
    expect(() => deployment('redis://127.0.0.1:6379/two')).toThrow(ConfigError);
  });

  it('names the database in every pub/sub channel, so deployments with one prefix on two databases never share one', () => {
    const one = deployment('redis://127.0.0.1:6379/1');
    const two = deployment('redis://127.0.0.1:6379/2');
    expect(channelNamespace(one)).toBe('bro:db1');
    expect(socketIoChannelKey(one)).not.toBe(socketIoChannelKey(two));
    expect(notificationChannelOf(one, 'sub-1')).not.toBe(notificationChannelOf(two, 'sub-1'));
    // The database is always the last part, so no other prefix and database spell the same name.
    expect(channelNamespace(deployment('redis://h/2', 'bro:db1'))).toBe('bro:db1:db2');
  });
});
