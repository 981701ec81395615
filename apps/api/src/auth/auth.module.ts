import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BearerTokenGuard } from './bearer-token.guard';
import { OidcTokenVerifier } from './oidc-token.verifier';

/** Bearer-token authentication for every route not marked `@Public()`. */
@Module({
  providers: [OidcTokenVerifier, { provide: APP_GUARD, useClass: BearerTokenGuard }],
  exports: [OidcTokenVerifier],
})
export class AuthModule {}
