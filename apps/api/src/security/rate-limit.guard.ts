import { CanActivate, ExecutionContext, HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type Redis from 'ioredis';
import { Principal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { REDIS } from '../redis/redis.module';
import { within } from '../common/time/within';

const WINDOW_SECONDS = 60;
/** A count that takes longer than this is given up: a slow Redis must not slow every request down. */
const COUNT_TIMEOUT_MS = 500;

/**
 * Requests per minute per user and per client, counted in Redis so every API instance shares the
 * count. Runs after the bearer-token guard (it needs the caller).
 *
 * Fails open, deliberately: when Redis cannot count (away, or slower than COUNT_TIMEOUT_MS), requests
 * pass uncounted. The limiter guards against a runaway client; an outage of Redis must not lock
 * clinicians out of patient data or stop hospitals handing over tasks, which PostgreSQL alone
 * serves. Callers are still authenticated and every access is still audited. One line is logged
 * when counting stops and one when it resumes.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly logger = new Logger('RateLimit');
  /** When counting last started failing; undefined while Redis counts. */
  private uncountedSince?: number;

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
      counts = await this.count(keys.map(([key]) => key));
    } catch (error) {
      if (this.uncountedSince === undefined) {
        this.uncountedSince = Date.now();
        this.logger.warn(`requests pass uncounted until Redis can count them again: ${error instanceof Error ? error.message : String(error)}`);
      }
      return true;
    }
    if (this.uncountedSince !== undefined) {
      this.logger.log(`requests are counted again, after ${Math.round((Date.now() - this.uncountedSince) / 1000)} s uncounted`);
      this.uncountedSince = undefined;
    }
    const exceeded = keys.findIndex(([, limit], index) => counts[index] > limit);
    if (exceeded < 0) return true;
    const retryAfter = WINDOW_SECONDS - (Math.floor(Date.now() / 1000) % WINDOW_SECONDS);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new HttpException(`too many requests: at most ${keys[exceeded][1]} a minute per ${exceeded === 0 ? 'user' : 'client'}; try again in ${retryAfter} s`, 429);
  }

  private async count(keys: string[]): Promise<number[]> {
    const pipeline = this.redis.multi();
    for (const key of keys) pipeline.incr(key).expire(key, WINDOW_SECONDS * 2);
    const results = await within(pipeline.exec(), COUNT_TIMEOUT_MS, 'Redis');
    return keys.map((_, index) => Number(results?.[index * 2]?.[1] ?? 0));
  }
}
