import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { MultidoseFigures } from '@app/fhir/multidose/multidose-board-panel';
import { NoPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { readWeeklyFiguresRequest } from '../../board-panels/weekly-figures.request';
import { Database } from '../../database/sql-client';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { QueryParams } from '../../http/query-params';
import { MAX_MULTIDOSE_WEEKS, MULTIDOSE_WEEKS, MultidoseFiguresQuery } from './multidose-figures.query';
import { suppressedMultidoseFigures } from './multidose-quality.figures';

/**
 * The quality team's multidose patient figures per Oslo week over the last `weeks` (default 12), for the
 * municipality, a hospital or one GP office: pending changes created, the median time to the updated list,
 * the share of updates overdue, old-list deviations, and paper vs e-multidose now. Aggregates only,
 * suppressed as the board suppresses.
 */
@Controller('api/quality/multidose')
@NoPatientData('aggregates only, small counts suppressed with complementary suppression')
@UseFilters(ApiExceptionFilter)
export class MultidoseFiguresController {
  constructor(
    private readonly database: Database,
    private readonly figures: MultidoseFiguresQuery,
  ) {}

  @Get()
  async get(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<MultidoseFigures> {
    const { scope, weeks } = readWeeklyFiguresRequest(principal, query, { fallback: MULTIDOSE_WEEKS, max: MAX_MULTIDOSE_WEEKS });
    const now = new Date();
    const [weekly, current] = await Promise.all([this.figures.weekly(this.database, [scope], now, weeks), this.figures.now(this.database, [scope], now)]);
    return suppressedMultidoseFigures(scope, weekly.get(scope)!, current.get(scope)!);
  }
}
