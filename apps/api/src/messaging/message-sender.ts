import { Principal } from '../auth/principal';

/**
 * Who sent a message or hand-over, for exactly-once processing and replays: a system client by its
 * client id, a person by their unit (RESH id, else organisation), so a colleague at the same unit who
 * re-sends gets the same answer and nobody else does.
 */
export function senderOf(actor: Principal | undefined): string {
  if (!actor) return 'bro';
  if (actor.role === 'system') return `client:${actor.clientId ?? actor.subject}`;
  if (actor.reshId) return `unit:${actor.reshId}`;
  if (actor.organizationNumber) return `org:${actor.organizationNumber}`;
  return `user:${actor.subject}`;
}
