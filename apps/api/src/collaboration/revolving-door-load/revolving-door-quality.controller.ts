import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { RevolvingDoorFigures } from '@app/fhir/api/revolving-door-answers';
import { NoPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { readWeeklyFiguresRequest } from '../../board-panels/weekly-figures.request';
import { Database } from '../../database/sql-client';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { QueryParams } from '../../http/query-params';
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
    const { scope, weeks } = readWeeklyFiguresRequest(principal, query, { fallback: REVOLVING_DOOR_WEEKS, max: MAX_REVOLVING_DOOR_WEEKS });
    const counted = (await this.figures.figures(this.database, [scope], new Date(), weeks)).get(scope)!;
    return suppressedRevolvingDoorFigures(scope, counted);
  }
}
