import { DomainError } from '../../common/errors/domain-error';
import { SearchRequest } from './search-request';

interface SearchPermissions {
  may(resourceType: string, interaction: 'search'): boolean;
  assertMay(resourceType: string, interaction: 'search'): void;
}

/**
 * A chain or `_has` searches the other type on the caller's behalf, so the caller must be allowed to
 * search it (403 otherwise, as searching it directly would answer). A chain that may point to several
 * types keeps those the caller may search and is refused only when none is left. What rows of those
 * types the caller sees is then narrowed in SQL like any search (see search-visibility.ts).
 */
export function assertMayLookInto(request: SearchRequest, permissions: SearchPermissions): void {
  for (const chain of request.chains) {
    const allowed = chain.targets.filter((target) => permissions.may(target.type, 'search'));
    if (allowed.length === 0) {
      if (chain.targets.length === 1) permissions.assertMay(chain.targets[0].type, 'search');
      throw DomainError.forbidden(`${chain.parameter.name}: this caller may not search ${chain.targets.map((target) => target.type).join(', ')}`);
    }
    chain.targets = allowed;
  }
  for (const has of request.reverseChains) permissions.assertMay(has.referringType, 'search');
}
