import { Body, Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import type { DirectoryImportReport } from '@app/fhir/api/directory-import-answers';
import { scopesGrant } from '../../access/smart-scopes';
import { NoPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { CsvFileError } from '../../common/csv/csv-records';
import { DomainError } from '../../common/errors/domain-error';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { readCsvUpload } from '../../http/csv-upload';
import { MAX_DIRECTORY_CSV_BYTES } from './directory-csv';
import { DirectoryImportService } from './directory-import.service';

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

/** Bulk load of the collaboration directory from the national registries' CSV. */
@Controller('api/directory')
@NoPatientData('directory entries (organisations, services, health personnel in their roles, HER addresses) from a registry file; no patient')
@UseFilters(ApiExceptionFilter)
export class DirectoryImportController {
  constructor(private readonly importer: DirectoryImportService) {}

  /** `text/csv` as the body, or JSON `{ "csv": "…" }`: every good row written, every bad row reported by line and column. */
  @Post('import')
  @HttpCode(200)
  async import(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Body() body: unknown): Promise<DirectoryImportReport> {
    assertMayImportDirectory(principal);
    const csv = await readCsvUpload(request, body, MAX_DIRECTORY_CSV_BYTES);
    try {
      return await this.importer.import(principal, csv);
    } catch (error) {
      if (error instanceof CsvFileError) throw DomainError.of(error.status, error.status === 413 ? 'too-costly' : 'invalid', error.message, 'csv');
      throw error;
    }
  }
}
