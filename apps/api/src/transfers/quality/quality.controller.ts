import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { QualityFilterOptions, QualityReport } from '@app/fhir/board/board-metrics';
import { QUALITY_DASHBOARD_ROLES } from '../../access/access-policy';
import { NoPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { requireRole } from '../../auth/require-role';
import { parseCsvFormat } from '../../http/csv-file';
import { parseCsvLanguage, parseQualityCsvTable, qualityTableCsv, qualityTableFileName } from './quality-report.csv';
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

  /**
   * One table of the report as a CSV file (`table`), for Norwegian Excel (`format=excel`, the default)
   * or Power BI and scripts (`format=standard`), headed in bokmål or English (`lang=nb|en`).
   */
  @Get('report.csv')
  async csv(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>, @Res() response: Response): Promise<void> {
    requireRole(principal, QUALITY_DASHBOARD_ROLES);
    const { table: tableParam, format: formatParam, lang, ...filterParams } = query;
    const table = parseQualityCsvTable(tableParam);
    const format = parseCsvFormat(formatParam);
    const language = parseCsvLanguage(lang);
    const report = await this.reports.report(parseQualityFilters(filterParams));
    response
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${qualityTableFileName(report, table, language)}"`)
      .send(qualityTableCsv(report, table, format, language));
  }
}
