import { BoardScope, parseBoardScope } from '@app/fhir/board/board-metrics';
import { QUALITY_DASHBOARD_ROLES } from '../access/access-policy';
import { Principal } from '../auth/principal';
import { requireRole } from '../auth/require-role';
import { DomainError } from '../common/errors/domain-error';
import { QueryParams, queryText, queryWholeNumber, refuseUnknownParams } from '../http/query-params';

/** What a quality dashboard's weekly figures are asked for: whose (the board's scopes) and over how many Oslo weeks. */
export interface WeeklyFiguresRequest {
  scope: BoardScope;
  weeks: number;
}

/**
 * The request of a workflow's weekly figures on the quality dashboard, read one way for all of them: the quality
 * team and administrators only (403), `scope` (the municipality unless given; a hospital or a GP office as the
 * board names them) and `weeks` (1 to the workflow's `max`, its `fallback` unless given), nothing else (400).
 */
export function readWeeklyFiguresRequest(principal: Principal, query: QueryParams, weeks: { fallback: number; max: number }): WeeklyFiguresRequest {
  requireRole(principal, QUALITY_DASHBOARD_ROLES);
  refuseUnknownParams(query, ['scope', 'weeks']);
  const scope = (queryText(query, 'scope') ?? 'municipality') as BoardScope;
  if (!parseBoardScope(scope)) throw DomainError.badRequest('scope is municipality, hospital:Organization/<id> or office:Organization/<id>', 'scope');
  return { scope, weeks: queryWholeNumber(query, 'weeks', { min: 1, ...weeks }) };
}
