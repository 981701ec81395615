import { DomainError } from '../../common/errors/domain-error';
import { AccessPolicy, RESOURCE_CLASS } from '../../access/access-policy';

/** How many referrers a refused delete names (one more is fetched, to say there are others). */
export const REFERRERS_NAMED = 10;

/**
 * The 409 for deleting a resource others still refer to: deleting it would leave them pointing at
 * nothing, and such a resource can then be neither updated (its reference no longer resolves) nor
 * trusted. Referrers are named so the client can change or delete them first; patient-level ones
 * only by type for a caller who does not see every patient, so the answer reveals no ids.
 */
export function referrerConflict(target: string, referrers: string[], policy: AccessPolicy | undefined): DomainError {
  const named = referrers.slice(0, REFERRERS_NAMED).map((source) => {
    const type = source.slice(0, source.indexOf('/'));
    return policy && !policy.seesAllPatients && RESOURCE_CLASS[type] === 'patient' ? `a ${type}` : source;
  });
  const more = referrers.length > REFERRERS_NAMED ? ' and others' : '';
  return DomainError.conflict(
    `${target} is still referred to by ${named.join(', ')}${more}: change or delete ${referrers.length === 1 ? 'it' : 'those'} first (Bro keeps no reference pointing at nothing)`,
  );
}
