import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { OfficeCapability } from '@app/fhir';
import { CapabilityImportReport, OfficeCapabilityHistory, OfficeCapabilityPage, OfficeCapabilityRow } from '@app/fhir/multidose/office-capability-answers';
import { NoPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { BroRole, Principal } from '../../auth/principal';
import { requireRole } from '../../auth/require-role';
import { DomainError } from '../../common/errors/domain-error';
import { findJsonLimitViolation } from '../../common/json-limits';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { readCsvUpload } from '../../http/csv-upload';
import { QueryParams, queryText, readPaging, refuseUnknownParams } from '../../http/query-params';
import { versionFromETag } from '../../fhir/store/stored-resource';
import { CapabilityCsvFileError, MAX_CSV_BYTES } from './capability-csv';
import { OfficeCapabilityService } from './office-capability.service';

/**
 * Only an administrator works with offices' capability here. The quality team sees the coverage it adds up
 * to (`/api/quality/multidose-coverage`); a registry's system client writes the Organization over FHIR,
 * under the same write rule.
 */
export const OFFICE_CAPABILITY_ROLES: readonly BroRole[] = ['admin'];

const CHANGE_FIELDS = ['version', 'pllInUseSince', 'eMultidoseConnectedSince', 'epjSystem'];
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** GP offices' e-multidose capability: the list, a change with its version, the history, and the CSV import. */
@Controller('api/multidose/offices')
@NoPatientData('GP offices from the directory, their capability (dates and EPJ system) and GP counts; no patient')
@UseFilters(ApiExceptionFilter)
export class OfficeCapabilityController {
  constructor(private readonly offices: OfficeCapabilityService) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<OfficeCapabilityPage> {
    requireRole(principal, OFFICE_CAPABILITY_ROLES);
    refuseUnknownParams(query, ['page', 'pageSize', 'q']);
    const { page, pageSize } = readPaging(query, { fallback: 25, max: 200 });
    const q = queryText(query, 'q');
    if (q !== undefined && (q.length > 100 || q.includes('\u0000'))) throw DomainError.badRequest('q is at most 100 characters of text', 'q');
    return this.offices.list(page, pageSize, q);
  }

  /** Bulk load from CSV: `text/csv` as the body, or JSON `{ "csv": "…" }`. Registered before `:id` routes. */
  @Post('import')
  @HttpCode(200)
  async import(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Body() body: unknown): Promise<CapabilityImportReport> {
    requireRole(principal, OFFICE_CAPABILITY_ROLES);
    const csv = await readCsvUpload(request, body, MAX_CSV_BYTES);
    try {
      return await this.offices.import(principal, csv);
    } catch (error) {
      if (error instanceof CapabilityCsvFileError) throw DomainError.of(error.status, error.status === 413 ? 'too-costly' : 'invalid', error.message, 'csv');
      throw error;
    }
  }

  @Get(':id/history')
  async history(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: QueryParams): Promise<OfficeCapabilityHistory> {
    requireRole(principal, OFFICE_CAPABILITY_ROLES);
    refuseUnknownParams(query, []);
    return this.offices.history(principal, officeId(id));
  }

  /** The capability as it should be: absent, null or "" clears a field. `version` (or If-Match) is the Organization version edited. */
  @Put(':id/capability')
  async change(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown): Promise<OfficeCapabilityRow> {
    requireRole(principal, OFFICE_CAPABILITY_ROLES);
    const { version, capability } = readChange(body, request);
    return this.offices.change(principal, officeId(id), version, capability);
  }
}

function officeId(id: string): string {
  if (!ID.test(id)) throw DomainError.notFound(`Organization/${id.slice(0, 64)} is no GP office in the directory`);
  return id;
}

/** The body of a change: an object with `version` and the three fields, text or null, nothing else. */
export function readChange(body: unknown, request: Request): { version: number; capability: OfficeCapability } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw DomainError.badRequest('the request body must be a JSON object: { version, pllInUseSince, eMultidoseConnectedSince, epjSystem }');
  }
  const violation = findJsonLimitViolation(body, '(body)');
  if (violation) throw DomainError.badRequest(violation.diagnostics, violation.path);
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !CHANGE_FIELDS.includes(key));
  if (unknown.length) throw DomainError.badRequest(`unknown field ${unknown.join(', ')}; this endpoint takes ${CHANGE_FIELDS.join(', ')}`, unknown[0]);
  const capability: OfficeCapability = {};
  for (const field of ['pllInUseSince', 'eMultidoseConnectedSince', 'epjSystem'] as const) {
    const value = record[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') throw DomainError.badRequest(`${field} must be text (a date YYYY-MM-DD, or the EPJ system's name) or null`, field);
    capability[field] = value.trim();
  }
  return { version: versionOf(request, record.version), capability };
}

/** The version edited: `version` in the body or If-Match (W/"3"); 428 when neither says. */
function versionOf(request: Request, bodyVersion: unknown): number {
  if (bodyVersion !== undefined && bodyVersion !== null && (typeof bodyVersion !== 'number' || !Number.isInteger(bodyVersion) || bodyVersion < 1 || bodyVersion > 2 ** 31 - 1)) {
    throw DomainError.badRequest('version must be a whole number: the version of the office you edited', 'version');
  }
  const header = request.headers['if-match'];
  const fromHeader = header === undefined ? undefined : versionFromETag(String(header));
  if (header !== undefined && fromHeader === undefined) throw DomainError.badRequest(`If-Match must be a version ETag such as W/"3"`);
  const fromBody = typeof bodyVersion === 'number' ? bodyVersion : undefined;
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
    throw DomainError.badRequest(`If-Match names version ${fromHeader} and the body version ${fromBody}; send one`, 'version');
  }
  const version = fromHeader ?? fromBody;
  if (version === undefined) throw DomainError.preconditionRequired('say which version of the office you edited: "version": n in the body or If-Match: W/"n"');
  return version;
}
