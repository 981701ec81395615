import { SearchAccess, SqlParamsLike } from './search-request';

/**
 * The rows of a type a search may touch on the caller's behalf, beyond the type searched: included
 * resources (`read`) and the resources a chain or `_has` looks into (`search`). A type the caller's role
 * or scopes do not allow contributes nothing, so no answer depends on what they could not ask for.
 */
export function visibleSqlOf(access: SearchAccess | undefined, resourceType: string, interaction: 'read' | 'search', params: SqlParamsLike): string {
  if (!access) return 'TRUE';
  if (access.may && !access.may(resourceType, interaction)) return 'FALSE';
  return access.visibleSql(resourceType, params);
}
