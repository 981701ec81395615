import { Controller, Get, Param, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Database } from '../database/sql-client';
import { FhirError } from '../fhir/errors/fhir-error';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { csvLine } from '../http/csv';
import { requireRole } from '../transfers/require-role';
import { AuditTrailReader } from './audit-trail.reader';
import { AuditTrailService } from './audit-trail.service';

/** Reports on the audit trail for the privacy officer (personvernombud). */
@Controller('api/audit')
@UseFilters(ApiExceptionFilter)
export class AuditReportsController {
  constructor(
    private readonly reader: AuditTrailReader,
    private readonly trail: AuditTrailService,
    private readonly database: Database,
  ) {}

  /** Every emergency access (nødrett) in a period: who opened which patient, when and why. */
  @Get('emergency-access')
  async emergencyAccess(@CurrentPrincipal() principal: Principal, @Query('from') from?: string, @Query('to') to?: string) {
    requireRole(principal, ['privacy']);
    const { rows, total } = await this.reader.find({ emergencyOnly: true, from: dateOrUndefined(from), to: dateOrUndefined(to), count: 500 });
    return {
      total,
      accesses: rows.slice(0, 500).map((row) => ({
        at: row.recorded.toISOString(),
        who: { subject: row.agent_subject, name: row.agent_name, role: row.agent_role, hpr: row.agent_hpr, organization: row.agent_organization },
        patient: row.patient,
        what: row.entity_type && row.entity_id ? `${row.entity_type}/${row.entity_id}` : undefined,
        reason: row.emergency_reason,
      })),
    };
  }

  /**
   * "Who has looked at my data": a patient's access log (innsynslogg), as the privacy officer hands
   * it to the patient. CSV with `?format=csv`. The export is itself recorded in the audit trail.
   */
  @Get('patients/:id/access-log')
  async accessLog(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query('format') format: string | undefined, @Res() response: Response) {
    requireRole(principal, ['privacy']);
    if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) throw FhirError.badRequest('the patient id is a FHIR id');
    const patient = `Patient/${id}`;
    const { rows } = await this.database.query<{ recorded: Date; agent_name: string | null; agent_role: string; agent_organization: string | null; subtype: string; entity_type: string | null; purpose_of_use: string; emergency_reason: string | null }>(
      `SELECT recorded, agent_name, agent_role, agent_organization, subtype, entity_type, purpose_of_use, emergency_reason
         FROM audit_event WHERE patient = $1 ORDER BY recorded DESC LIMIT 10000`,
      [patient],
    );
    await this.trail.record(this.database, principal, [{ subtype: 'export', entity: { type: 'Patient', id }, patient, query: 'access-log' }]);
    const entries = rows.map((row) => ({
      when: row.recorded.toISOString(),
      who: row.agent_name ?? row.agent_role,
      role: row.agent_role,
      organization: row.agent_organization,
      what: `${row.subtype} ${row.entity_type ?? ''}`.trim(),
      why: row.purpose_of_use === 'ETREAT' ? `nødrett: ${row.emergency_reason ?? ''}` : 'behandling',
    }));
    if (format === 'csv') {
      const header = ['tidspunkt', 'hvem', 'rolle', 'virksomhet', 'hva', 'hvorfor'];
      const lines = [header.join(';'), ...entries.map((e) => csvLine([e.when, e.who, e.role, e.organization, e.what, e.why], ';'))];
      response.type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="innsynslogg-${id}.csv"`).send(`${lines.join('\n')}\n`);
      return;
    }
    response.json({ patient, entries });
  }
}

function dateOrUndefined(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw FhirError.badRequest(`"${value}" is not a date`);
  return date;
}
