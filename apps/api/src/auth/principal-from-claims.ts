import type { JWTPayload } from 'jose';
import { BRO_ROLES, BroRole, Claim, Principal } from './principal';
import { TokenVerificationError } from './token-verification.error';

function text(payload: JWTPayload, claim: string): string | undefined {
  const value = payload[claim];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Maps the claims of an already verified access token to the {@link Principal} the rest of Bro sees. */
export function principalFromClaims(payload: JWTPayload): Principal {
  const subject = text(payload, 'sub');
  if (!subject) throw new TokenVerificationError('missing_claim', 'token lacks the "sub" claim');
  if (typeof payload.exp !== 'number') throw new TokenVerificationError('missing_claim', 'token lacks the "exp" claim');
  const role = text(payload, Claim.role);
  if (!role || !BRO_ROLES.includes(role as BroRole)) {
    throw new TokenVerificationError('unknown_role', role ? `unknown bro_role "${role}"` : 'token carries no bro_role');
  }
  const parentOrganizationNumber = text(payload, Claim.orgnrParent);
  const scope = text(payload, Claim.scope);
  return {
    subject,
    role: role as BroRole,
    name: text(payload, Claim.name),
    hprNumber: text(payload, Claim.hprNumber),
    organizationNumber: text(payload, Claim.orgnrChild) ?? parentOrganizationNumber,
    parentOrganizationNumber,
    reshId: text(payload, Claim.reshId),
    clientId: text(payload, Claim.clientId),
    scopes: scope ? scope.split(' ').filter(Boolean) : [],
    tokenExpiresAt: payload.exp,
  };
}
