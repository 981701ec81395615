import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { REDIS } from '../redis/redis.module';
import { within } from '../common/time/within';

/** A Redis that takes longer than this to answer PING is as good as away for a readiness probe. */
const PING_TIMEOUT_MS = 1_000;

/**
 * Redis for `/health/ready`. The shared connection fails fast while Redis is away (no offline
 * queue), so the probe says 503 at once; a Redis that hangs is caught by the timeout. It says 200
 * again as soon as the connection is back (it retries at least once a second).
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly health: HealthIndicatorService,
  ) {}

  async isReachable(key = 'redis') {
    const indicator = this.health.check(key);
    try {
      await within(this.redis.ping(), PING_TIMEOUT_MS, 'Redis');
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }
}
