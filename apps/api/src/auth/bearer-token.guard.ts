import { BadRequestException, CanActivate, ExecutionContext, Injectable, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { OidcTokenVerifier } from './oidc-token.verifier';
import { Principal } from './principal';
import { IS_PUBLIC_KEY } from './public.decorator';
import { isReadRequest, readEmergencyReason } from './emergency-access';
import { TokenVerificationError } from './token-verification.error';

const REALM = 'bro';

/** A clinician opening a patient outside their scope states why in this header (nødrett / break the glass). */
export const EMERGENCY_ACCESS_HEADER = 'x-bro-emergency-access';

/**
 * Every HTTP handler needs a valid `Authorization: Bearer <access token>` unless it is marked
 * `@Public()`. The verified caller is left on `request.principal` (see `@CurrentPrincipal()`).
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: OidcTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()])) return true;
    // Other transports (websockets) authenticate their connections themselves; fail closed here.
    if (context.getType() !== 'http') return false;

    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const response = context.switchToHttp().getResponse<Response>();
    const token = bearerTokenOf(request.headers.authorization);
    if (!token.ok) {
      response.setHeader('WWW-Authenticate', `Bearer realm="${REALM}"`);
      throw new UnauthorizedException(token.problem);
    }
    try {
      const verified = await this.verifier.verify(token.value);
      const emergencyAccessReason = emergencyReasonOf(request);
      // A copy per request: the verified token is cached and shared, the request's address and reason are not.
      request.principal = { ...verified, sourceAddress: request.ip, ...(emergencyAccessReason ? { emergencyAccessReason } : {}) };
      return true;
    } catch (error) {
      if (!(error instanceof TokenVerificationError)) throw error;
      if (error.identityProviderUnreachable) {
        response.setHeader('Retry-After', '5');
        throw new ServiceUnavailableException(error.message);
      }
      response.setHeader('WWW-Authenticate', `Bearer realm="${REALM}", error="invalid_token", error_description="${error.message.replace(/["\\]/g, '')}"`);
      throw new UnauthorizedException(error.message);
    }
  }
}

/** The emergency access reason of the request, if it asks for emergency access; 400 when it asks wrongly. */
function emergencyReasonOf(request: Request): string | undefined {
  const header = request.headers[EMERGENCY_ACCESS_HEADER];
  if (header === undefined) return undefined;
  if (typeof header !== 'string') throw new BadRequestException('send X-Bro-Emergency-Access once');
  if (!isReadRequest(request.method, request.originalUrl ?? request.url)) {
    throw new BadRequestException('emergency access opens reads only (GET, or a search by POST): it cannot be used to write');
  }
  const read = readEmergencyReason(header);
  if (!read.ok) throw new BadRequestException(read.problem);
  return read.reason;
}

function bearerTokenOf(header: string | undefined): { ok: true; value: string } | { ok: false; problem: string } {
  if (!header || header.trim() === '') return { ok: false, problem: 'a bearer token is required' };
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) return { ok: false, problem: 'the Authorization header must be "Bearer <access token>"' };
  return { ok: true, value: match[1] };
}
