import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { BoardScope, parseBoardScope } from '@app/fhir/board/board-metrics';
import { RevolvingDoorFigures } from '@app/fhir/api/revolving-door-answers';
import { QUALITY_DASHBOARD_ROLES } from '../../access/access-policy';
import { NoPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { requireRole } from '../../auth/require-role';
import { DomainError } from '../../common/errors/domain-error';
import { Database } from '../../database/sql-client';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { QueryParams, queryText, queryWholeNumber, refuseUnknownParams } from '../../http/query-params';
import { MAX_REVOLVING_DOOR_WEEKS, REVOLVING_DOOR_WEEKS, RevolvingDoorFiguresQuery } from './revolving-door-figures.query';
import { suppressedRevolvingDoorFigures } from './revolving-door.figures';

/**
 * The quality team's revolving-door figures (the national indicator for readmissions of the elderly, on the
 * stays Bro holds): the readmission rate per Oslo week and per hospital unit, the revolving-door patients with
 * and without a joint consultation, over the last `weeks` (default 12) for the municipality, a hospital or a
 * GP office. Aggregates only, suppressed as the board suppresses.
 */
@Controller('api/quality/revolving-door')
@NoPatientData('aggregates only, small counts suppressed with complementary suppression')
@UseFilters(ApiExceptionFilter)
export class RevolvingDoorQualityController {
  constructor(
    private readonly database: Database,
    private readonly figures: RevolvingDoorFiguresQuery,
  ) {}

  @Get()
  async get(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<RevolvingDoorFigures> {
    requireRole(principal, QUALITY_DASHBOARD_ROLES);
    refuseUnknownParams(query, ['scope', 'weeks']);
    const scope = (queryText(query, 'scope') ?? 'municipality') as BoardScope;
    if (!parseBoardScope(scope)) throw DomainError.badRequest('scope is municipality, hospital:Organization/<id> or office:Organization/<id>', 'scope');
    const weeks = queryWholeNumber(query, 'weeks', { min: 1, max: MAX_REVOLVING_DOOR_WEEKS, fallback: REVOLVING_DOOR_WEEKS });
    const counted = (await this.figures.figures(this.database, [scope], new Date(), weeks)).get(scope)!;
    return suppressedRevolvingDoorFigures(scope, counted);
  }
}
