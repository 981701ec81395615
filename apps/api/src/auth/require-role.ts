import { BroRole, Principal } from './principal';
import { DomainError } from '../common/errors/domain-error';

/** Endpoints for one kind of user refuse the others with 403 (the endpoint's existence is no secret). */
export function requireRole(principal: Principal, roles: readonly BroRole[]): void {
  if (!roles.includes(principal.role)) throw DomainError.forbidden(`this is for ${roles.join(' or ')} users; you are signed in as ${principal.role}`);
}
