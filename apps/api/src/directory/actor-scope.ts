import { Principal } from '../auth/principal';

/**
 * Which directory entries a caller acts for. A Task's owner or requester is a reference to a
 * PractitionerRole or an Organization; the caller is that party when the reference is in here.
 */
export interface ActorScope {
  principal: Principal;
  /** The caller's own PractitionerRoles (a GP's "my tasks"). */
  practitionerRoles: string[];
  /** The caller's own organisations: the GP office, the hospital unit, the EHR's hospital. */
  organizations: string[];
  /** Everything the caller acts for: own roles and organisations, plus, on the hospital side, the units and their roles. */
  actsFor: Set<string>;
  /** A pharmacy's system client: the HER ids of the pharmacies it acts for (its access is narrowed to their patients). */
  pharmacyHerIds?: string[];
}

export function actsForAny(scope: ActorScope, references: Array<string | undefined>): boolean {
  return references.some((reference) => reference !== undefined && scope.actsFor.has(reference));
}
