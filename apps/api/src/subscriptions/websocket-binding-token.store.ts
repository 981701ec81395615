import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKey } from '@app/fhir';
import { Principal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { REDIS } from '../redis/redis.module';

/** What a binding token binds: one Subscription, for one caller, until a moment. */
export interface WebsocketBinding {
  subscriptionId: string;
  /** The caller who asked for the token (their `sub`), and their OAuth client. */
  subject: string;
  clientId?: string;
  /** Until when the token may be used to bind (ms since the epoch). */
  expiresAt: number;
  /** When the caller's access token expires (ms since the epoch): a binding lives no longer. */
  callerExpiresAt: number;
}

export type Redeemed = { binding: WebsocketBinding } | { refused: 'unknown' | 'expired' };

/** Expired tokens are kept a while longer, so a client is told "expired" rather than "unknown". */
const EXPIRED_KEPT_MILLISECONDS = 10 * 60_000;

/**
 * Binding tokens, kept in Redis so any API instance can redeem one another issued. Only the token's
 * SHA-256 is stored: whoever can read Redis still cannot bind.
 */
@Injectable()
export class WebsocketBindingTokenStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keyOf(token: string): string {
    return `${this.config.redisPrefix}:${RedisKey.WebsocketBindingToken}:${createHash('sha256').update(token).digest('hex')}`;
  }

  /** A new token for `caller` to bind a websocket to the Subscription; never valid beyond the caller's own access token. */
  async issue(subscriptionId: string, caller: Principal): Promise<{ token: string; binding: WebsocketBinding }> {
    const callerExpiresAt = caller.tokenExpiresAt * 1000;
    const binding: WebsocketBinding = {
      subscriptionId,
      subject: caller.subject,
      clientId: caller.clientId,
      expiresAt: Math.min(Date.now() + this.config.websocketBindingTokenSeconds * 1000, callerExpiresAt),
      callerExpiresAt,
    };
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(this.keyOf(token), JSON.stringify(binding), 'PX', Math.max(1, binding.expiresAt - Date.now()) + EXPIRED_KEPT_MILLISECONDS);
    return { token, binding };
  }

  /** May be redeemed more than once until it expires: a client that lost its connection binds again with it. */
  async redeem(token: string): Promise<Redeemed> {
    const stored = await this.redis.get(this.keyOf(token));
    if (!stored) return { refused: 'unknown' };
    const binding = JSON.parse(stored) as WebsocketBinding;
    return binding.expiresAt <= Date.now() ? { refused: 'expired' } : { binding };
  }
}
