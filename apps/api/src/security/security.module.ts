import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * The per-user and per-client rate limit. Imported right after AuthModule: global guards run in
 * the order their modules are imported, and the limit counts the caller the token names.
 */
@Module({ providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }] })
export class SecurityModule {}
