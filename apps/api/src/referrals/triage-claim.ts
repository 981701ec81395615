import { CLAIMED_BY_EXTENSION, IdentifierSystem, Resource, extensionOf } from '@app/fhir';
import { Principal } from '../auth/principal';

/** Who claimed a low-threshold case, as Bro records it in {@link CLAIMED_BY_EXTENSION}: the one place that says how. */

/** The identifier Bro records for a person who claims a case: their HPR number, else their user. */
export function claimantIdentifierOf(principal: Principal): { system: string; value: string } {
  return principal.hprNumber ? { system: IdentifierSystem.Hpr, value: principal.hprNumber } : { system: 'urn:bro:user', value: principal.subject };
}

/** The claim extension's value for a person claiming now. */
export function claimOf(principal: Principal) {
  return { valueReference: { display: principal.name ?? principal.subject, identifier: claimantIdentifierOf(principal) } };
}

/** Whether the case is claimed by this person. */
export function isClaimedBy(task: Resource, principal: Principal): boolean {
  const identifier = extensionOf(task, CLAIMED_BY_EXTENSION)?.valueReference?.identifier;
  const mine = claimantIdentifierOf(principal);
  return identifier?.system === mine.system && identifier?.value === mine.value;
}
