import { CanActivate, ExecutionContext, HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type Redis from 'ioredis';
import { Principal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { REDIS } from '../redis/redis.module';

const WINDOW_SECONDS = 60;

/**
 * Requests per minute per user and per client, counted in Redis so every API instance shares the
 * count. Runs after the bearer-token guard (it needs the caller). When Redis cannot count, requests
 * pass: losing the limiter for a minute must not lock clinicians out of patient data.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly logger = new Logger('RateLimit');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = request.principal;
    if (!principal) return true; // public routes (health, metadata)
    const window = Math.floor(Date.now() / 1000 / WINDOW_SECONDS);
    const keys: Array<[string, number]> = [[`${this.config.redisPrefix}:rate:user:${principal.role}:${principal.subject}:${window}`, this.config.rateLimitPerUser]];
    if (principal.clientId) keys.push([`${this.config.redisPrefix}:rate:client:${principal.clientId}:${window}`, this.config.rateLimitPerClient]);
    let counts: number[];
    try {
      const pipeline = this.redis.multi();
      for (const [key] of keys) pipeline.incr(key).expire(key, WINDOW_SECONDS * 2);
      const results = (await pipeline.exec()) ?? [];
      counts = keys.map((_, index) => Number(results[index * 2]?.[1] ?? 0));
    } catch (error) {
      this.logger.warn(`rate limit not counted: ${error instanceof Error ? error.message : String(error)}`);
      return true;
    }
    const exceeded = keys.findIndex(([, limit], index) => counts[index] > limit);
    if (exceeded < 0) return true;
    const retryAfter = WINDOW_SECONDS - (Math.floor(Date.now() / 1000) % WINDOW_SECONDS);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new HttpException(`too many requests: at most ${keys[exceeded][1]} a minute per ${exceeded === 0 ? 'user' : 'client'}; try again in ${retryAfter} s`, 429);
  }
}
