import { BoardScope, BoardScopeOption } from '@app/fhir/board/board-metrics';
import { useApi } from '../api/use-api';

/**
 * The boards this user may watch, and which one to show: the one in the address (a wall screen's
 * bookmark), else the user's own hospital or office for those who work there, else the municipality.
 */
export function useBoardScopes(role: string, requested: string | null) {
  const scopes = useApi<BoardScopeOption[]>('/api/board/scopes');
  const options = scopes.data ?? [];
  let chosen: BoardScope | undefined;
  if (options.some((option) => option.scope === requested)) chosen = requested as BoardScope;
  else if (role === 'gp' || role === 'coordinator') chosen = (options.find((option) => option.kind !== 'municipality') ?? options[0])?.scope;
  else chosen = options.find((option) => option.kind === 'municipality')?.scope ?? options[0]?.scope;
  return { scopes, options, chosen };
}
