import { Controller, Get, Param, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Database } from '../database/sql-client';
import { DomainError } from '../common/errors/domain-error';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { csvLine } from '../http/csv';
import { QueryParams, queryText, readKeysetPaging, refuseUnknownParams } from '../http/query-params';
import { parseFhirDateRange } from '../fhir/search/fhir-date-range';
import { requireRole } from '../auth/require-role';
import { AuditRow } from './audit-event.resource';
import { AuditCursor, AuditTrailReader, PagedAuditRow, decodeAuditCursor, encodeAuditCursor } from './audit-trail.reader';
import { AuditEntry, AuditTrailService } from '../audit/audit-trail.service';
import { PatientDataAuditedInside } from '../audit/patient-data.decorators';
import { RESOURCE_ID } from '../fhir/search/search-cursor';

/** Reports on the audit trail for the privacy officer (personvernombud). */
@Controller('api/audit')
@PatientDataAuditedInside('the audit trail itself, for the privacy officer; an access-log export is recorded as an export')
@UseFilters(ApiExceptionFilter)
export class AuditReportsController {
  constructor(
    private readonly reader: AuditTrailReader,
    private readonly trail: AuditTrailService,
    private readonly database: Database,
  ) {}

  /**
   * Every emergency access (nødrett) in a period, newest first: who opened which patient, when and why.
   * Paged by an opaque cursor (`count`, `cursor`, the `next` link), so no access is ever cut off.
   */
  @Get('emergency-access')
  async emergencyAccess(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams) {
    requireRole(principal, ['privacy']);
    refuseUnknownParams(query, ['from', 'to', 'count', 'cursor']);
    const { count, cursor } = readKeysetPaging(query, PAGE, decodeAuditCursor);
    const from = queryText(query, 'from');
    const to = queryText(query, 'to');
    const { rows, total } = await this.reader.find({ emergencyOnly: true, from: dayOrInstant(from, 'from')?.start, to: dayOrInstant(to, 'to')?.end, count, before: cursor });
    const page = rows.slice(0, count);
    return {
      total,
      accesses: page.map((row) => ({
        at: row.recorded.toISOString(),
        who: { subject: row.agent_subject, name: row.agent_name, role: row.agent_role, hpr: row.agent_hpr, organization: row.agent_organization },
        patient: row.patient,
        what: row.entity_type && row.entity_id ? `${row.entity_type}/${row.entity_id}` : undefined,
        reason: row.emergency_reason,
      })),
      ...nextLink('/api/audit/emergency-access', { from, to }, count, rows),
    };
  }

  /**
   * "Who has looked at my data": a patient's access log (innsynslogg), as the privacy officer hands
   * it to the patient, newest first. As JSON paged like the emergency-access report; as CSV
   * (`?format=csv`) the whole log, read page by page. The export is itself recorded in the audit trail.
   */
  @Get('patients/:id/access-log')
  async accessLog(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: QueryParams, @Res() response: Response) {
    requireRole(principal, ['privacy']);
    if (!RESOURCE_ID.test(id)) throw DomainError.badRequest('the patient id is a FHIR id');
    refuseUnknownParams(query, ['format', 'count', 'cursor']);
    const format = queryText(query, 'format');
    if (format !== undefined && format !== 'csv' && format !== 'json') throw DomainError.badRequest('format is csv or json', 'format');
    const patient = `Patient/${id}`;
    const exported: AuditEntry = { subtype: 'export', entity: { type: 'Patient', id }, patient, query: 'access-log' };
    if (format === 'csv') {
      refuseUnknownParams(query, ['format']);
      await this.trail.record(this.database, principal, [exported]);
      response.type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="innsynslogg-${id}.csv"`);
      response.write(`${ACCESS_LOG_HEADER.join(';')}\n`);
      for (let before: AuditCursor | undefined, more = true; more; ) {
        const { rows } = await this.reader.find({ patient, count: PAGE.max, before, withTotal: false });
        const page = rows.slice(0, PAGE.max);
        if (page.length) response.write(page.map((row) => `${csvLine(accessLogLine(row), ';')}\n`).join(''));
        more = rows.length > PAGE.max;
        const last = page[page.length - 1];
        before = more ? { recorded: last.cursor_at, id: last.id } : undefined;
      }
      response.end();
      return;
    }
    const { count, cursor } = readKeysetPaging(query, PAGE, decodeAuditCursor);
    const { rows, total } = await this.reader.find({ patient, count, before: cursor });
    await this.trail.record(this.database, principal, [exported]);
    const entries = rows.slice(0, count).map((row) => {
      const [when, who, role, organization, what, why] = accessLogLine(row);
      return { when, who, role, organization, what, why };
    });
    response.json({ patient, total, entries, ...nextLink(`/api/audit/patients/${id}/access-log`, {}, count, rows) });
  }
}

/** Reports page through the audit trail a hundred rows at a time unless asked for more, at most 500. */
const PAGE = { fallback: 100, max: 500 };

const ACCESS_LOG_HEADER = ['tidspunkt', 'hvem', 'rolle', 'virksomhet', 'hva', 'hvorfor'];

/** One line of the access log, in Norwegian, as the patient reads it. */
function accessLogLine(row: AuditRow): [string, string, string, string | null, string, string] {
  return [
    row.recorded.toISOString(),
    row.agent_name ?? row.agent_role,
    row.agent_role,
    row.agent_organization,
    `${row.subtype} ${row.entity_type ?? ''}`.trim(),
    row.purpose_of_use === 'ETREAT' ? `nødrett: ${row.emergency_reason ?? ''}` : 'behandling',
  ];
}

/** `next`: the same report from after this page's last row, when there is more (one row past `count` was read to tell). */
function nextLink(path: string, filters: Record<string, string | undefined>, count: number, rows: PagedAuditRow[]): { next?: string } {
  if (rows.length <= count) return {};
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== undefined) params.set(name, value);
  params.set('count', String(count));
  params.set('cursor', encodeAuditCursor(rows[count - 1]));
  return { next: `${path}?${params.toString()}` };
}

/** A `from` or `to` as a FHIR date or instant; a day stands for the whole day, so `to` includes it. */
function dayOrInstant(value: string | undefined, name: string): { start: Date; end: Date } | undefined {
  if (value === undefined) return undefined;
  const range = parseFhirDateRange(value);
  if (!range) throw DomainError.badRequest(`${name} is a date (YYYY-MM-DD) or an instant`, name);
  return range;
}
