import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DirectoryImportStatus } from '@app/fhir/api/directory-import-answers';
import { scopesGrant } from '../../access/smart-scopes';
import { NoPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { CsvFileError } from '../../common/csv/csv-records';
import { DomainError } from '../../common/errors/domain-error';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { readCsvUpload } from '../../http/csv-upload';
import { MAX_DIRECTORY_CSV_BYTES, dataRowCount, parseDirectoryCsv } from './directory-csv';
import { DirectoryImportQueue } from './directory-import.queue';

/** The types a registry file writes: a system client needs create and update on each. */
export const DIRECTORY_IMPORT_TYPES = ['Organization', 'HealthcareService', 'Practitioner', 'PractitionerRole', 'Endpoint'] as const;

/**
 * Who keeps the directory from the registries: an administrator, or a system client whose scopes grant
 * create and update on every directory type (the registry's own client). Everyone else 403, before the file is read.
 */
export function assertMayImportDirectory(principal: Principal): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'system') {
    const missing = DIRECTORY_IMPORT_TYPES.filter((type) => !scopesGrant(principal.scopes, type, 'c') || !scopesGrant(principal.scopes, type, 'u'));
    if (missing.length === 0) return;
    throw DomainError.forbidden(`this client's scopes do not grant create and update on ${missing.join(', ')} (system/<Type>.cu), which a directory import writes`);
  }
  throw DomainError.forbidden(`the directory is kept by administrators and the registry's system client; you are signed in as ${principal.role}`);
}

/**
 * Bulk load of the collaboration directory from the national registries' CSV, as a job: the file is checked as
 * a whole here (400, 413, 415 at once), then written row by row in the worker; its status URL tells the rows
 * done and, at the end, the per-row report.
 */
@Controller('api/directory/import')
@NoPatientData('directory entries (organisations, services, health personnel in their roles, HER addresses) from a registry file, and the import\'s progress and per-row report; no patient')
@UseFilters(ApiExceptionFilter)
export class DirectoryImportController {
  constructor(private readonly imports: DirectoryImportQueue) {}

  /** `text/csv` as the body, or JSON `{ "csv": "…" }`: 202 with the import's status and its URL (also as `Location`). */
  @Post()
  @HttpCode(202)
  async import(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<DirectoryImportStatus> {
    assertMayImportDirectory(principal);
    const csv = await readCsvUpload(request, body, MAX_DIRECTORY_CSV_BYTES);
    let total: number;
    try {
      total = dataRowCount(parseDirectoryCsv(csv));
    } catch (error) {
      if (error instanceof CsvFileError) throw DomainError.of(error.status, error.status === 413 ? 'too-costly' : 'invalid', error.message, 'csv');
      throw error;
    }
    const status = await this.imports.enqueue(principal, csv, total);
    response.setHeader('Location', status.statusUrl);
    return status;
  }

  /** How far the import has come, and once done its report: to whoever sent the file, and to administrators. */
  @Get(':id')
  async status(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<DirectoryImportStatus> {
    assertMayImportDirectory(principal);
    return this.imports.status(principal, id);
  }
}
