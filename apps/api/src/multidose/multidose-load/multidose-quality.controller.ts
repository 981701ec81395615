import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { BoardScope, parseBoardScope } from '@app/fhir/board/board-metrics';
import { MultidoseCoverageFigures } from '@app/fhir/multidose/multidose-board-panel';
import { QUALITY_DASHBOARD_ROLES } from '../../access/access-policy';
import { NoPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { requireRole } from '../../auth/require-role';
import { osloDate } from '../../common/calendar/oslo-calendar';
import { DomainError } from '../../common/errors/domain-error';
import { Database } from '../../database/sql-client';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { QueryParams, queryText, refuseUnknownParams } from '../../http/query-params';
import { MultidoseCoverageQuery, byEpjSystem } from './multidose-coverage.query';

/**
 * e-multidose coverage on the quality dashboard: the board's figures (offices and GPs connected and using
 * PLL, the monthly trend) for the municipality or one GP office, and the offices by EPJ system.
 */
@Controller('api/quality/multidose-coverage')
@NoPatientData('counts of GP offices and GPs from the directory; no patient')
@UseFilters(ApiExceptionFilter)
export class MultidoseQualityController {
  constructor(
    private readonly database: Database,
    private readonly coverage: MultidoseCoverageQuery,
  ) {}

  @Get()
  async get(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<MultidoseCoverageFigures> {
    requireRole(principal, QUALITY_DASHBOARD_ROLES);
    refuseUnknownParams(query, ['scope']);
    const scope = (queryText(query, 'scope') ?? 'municipality') as BoardScope;
    const parsed = parseBoardScope(scope);
    if (!parsed) throw DomainError.badRequest('scope is municipality, hospital:Organization/<id> or office:Organization/<id>', 'scope');
    const now = new Date();
    const [coverage, rows] = await Promise.all([
      this.coverage.coverage(this.database, [scope], now),
      this.coverage.offices(this.database, parsed.kind === 'office' ? [parsed.organization!] : undefined),
    ]);
    return { scope, coverage: coverage.get(scope)!, byEpjSystem: byEpjSystem(rows, osloDate(now)) };
  }
}
