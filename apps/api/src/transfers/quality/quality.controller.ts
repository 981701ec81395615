import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { QualityFilterOptions, QualityReport } from '@app/fhir/board/board-metrics';
import { QUALITY_DASHBOARD_ROLES } from '../../access/access-policy';
import { NoPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { requireRole } from '../../auth/require-role';
import { qualityReportCsv } from './quality-report.csv';
import { QualityReportService, parseQualityFilters } from './quality-report.service';

/** The quality team's dashboard: filters, the report as JSON, and the same report as CSV. */
@Controller('api/quality')
@NoPatientData('aggregates only, small counts suppressed')
@UseFilters(ApiExceptionFilter)
export class QualityController {
  constructor(private readonly reports: QualityReportService) {}

  @Get('filters')
  filters(@CurrentPrincipal() principal: Principal): Promise<QualityFilterOptions> {
    requireRole(principal, QUALITY_DASHBOARD_ROLES);
    return this.reports.filterOptions();
  }

  @Get('report')
  report(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>): Promise<QualityReport> {
    requireRole(principal, QUALITY_DASHBOARD_ROLES);
    return this.reports.report(parseQualityFilters(query));
  }

  @Get('report.csv')
  async csv(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>, @Res() response: Response): Promise<void> {
    requireRole(principal, QUALITY_DASHBOARD_ROLES);
    const filters = parseQualityFilters(query);
    const report = await this.reports.report(filters);
    response
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="bro-kvalitet-${filters.from}-${filters.to}.csv"`)
      .send(qualityReportCsv(report));
  }
}
