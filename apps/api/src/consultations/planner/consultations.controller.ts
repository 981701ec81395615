import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { Resource, isConsultationOutcome, isJointDischargeConsultation } from '@app/fhir';
import { ConsultationDetail, ConsultationOutcomeAnswer, ConsultationPage, ConsultationSummary, ConsultationTimes } from '@app/fhir/api/consultation-answers';
import { AccessPolicy } from '../../access/access-policy';
import { NoPatientData, PatientDataAuditedInside, ReturnsPatientData } from '../../audit/patient-data.decorators';
import { AuditEntry } from '../../audit/audit-trail.service';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { requireRole } from '../../auth/require-role';
import { DomainError } from '../../common/errors/domain-error';
import { FhirService } from '../../fhir/fhir.service';
import { tableNameOf } from '../../fhir/search/search-parameter.registry';
import { SqlParams } from '../../fhir/search/search-sql.builder';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { QueryParams, queryText, refuseUnknownParams } from '../../http/query-params';
import { readBody, splitBody } from '../../http/request-body';
import { consultationPartyOf } from '../consultation-parties';
import { ConsultationOutcomeService, consultationTaskIds } from '../outcome/consultation-outcome.service';
import { parseFindTimesParameters } from '../scheduling/find-times.parameters';
import { ConsultationTimesService } from '../scheduling/consultation-times.service';
import { Answer, ConsultationAnswerService } from './consultation-answer.service';
import { ConsultationCancelService } from './consultation-cancel.service';
import { ConsultationListQuery } from './consultation-list.query';
import { ConsultationProposalService } from './consultation-proposal.service';
import { readTimeOption } from './time-option.input';

const REFERENCE = { type: 'string', maxLength: 100 } as const;

function consultationAudit(consultation: ConsultationSummary, subtype: 'read' | 'search-type', query?: string): AuditEntry {
  return { subtype, entity: { type: 'Appointment', id: consultation.id, version: consultation.version }, patient: consultation.patient && `Patient/${consultation.patient.id}`, ...(query ? { query } : {}) };
}

/** Joint discharge consultations for the web app: the coordinator's planner and the GP's invitations. */
@Controller('api/consultations')
@UseFilters(ApiExceptionFilter)
export class ConsultationsController {
  constructor(
    private readonly fhir: FhirService,
    private readonly lists: ConsultationListQuery,
    private readonly times: ConsultationTimesService,
    private readonly proposals: ConsultationProposalService,
    private readonly answers: ConsultationAnswerService,
    private readonly outcomes: ConsultationOutcomeService,
    private readonly cancels: ConsultationCancelService,
  ) {}

  @Get()
  @ReturnsPatientData((page: ConsultationPage) => page.consultations.map((c) => consultationAudit(c, 'search-type', 'api/consultations')))
  async list(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<ConsultationPage> {
    requireRole(principal, ['coordinator', 'gp']);
    return this.lists.list(await this.callerOf(principal), query);
  }

  /** Suggested times for the planner: `$find` for the web app. */
  @Get('times')
  @NoPatientData('practitioners and free times only, no patient')
  async findTimes(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<ConsultationTimes> {
    requireRole(principal, ['coordinator']);
    refuseUnknownParams(query, ['practitioner', 'start', 'end', 'minutesDuration', 'count']);
    const pairs: Array<[string, string]> = [];
    for (const [name, fhirName] of [['practitioner', 'practitioner'], ['start', 'start'], ['end', 'end'], ['minutesDuration', 'minutes-duration'], ['count', '_count']]) {
      const value = queryText(query, name);
      if (value !== undefined) pairs.push([fhirName, value]);
    }
    const found = await this.times.find(parseFindTimesParameters(pairs));
    return { options: found.map((time) => ({ start: new Date(time.start).toISOString(), end: new Date(time.end).toISOString() })) };
  }

  @Get(':id')
  @ReturnsPatientData((detail: ConsultationDetail) => [
    consultationAudit(detail.consultation, 'read'),
    ...detail.tasks.map((task) => ({ subtype: 'read' as const, entity: { type: 'Task', id: task.id, version: task.version }, patient: detail.consultation.patient && `Patient/${detail.consultation.patient.id}` })),
  ])
  async detail(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ConsultationDetail> {
    const caller = await this.callerOf(principal);
    const appointment = await this.visibleConsultation(caller, id);
    const [consultation] = await this.lists.summaries(caller, [appointment]);
    const params = new SqlParams();
    const { rows } = await this.fhir.database.query<{ resource: Resource; version_id: number }>(
      `SELECT resource, version_id FROM "${tableNameOf('Task')}" WHERE id = ANY(${params.add(consultationTaskIds(appointment))}::text[]) AND ${caller.visibleSql('Task', params)} ORDER BY id`,
      params.values,
    );
    const coded = (value: unknown, system?: string) => (value as { coding?: Array<{ system?: string; code?: string; display?: string }> } | undefined)?.coding?.find((c) => !system || c.system === system);
    return {
      consultation,
      tasks: rows.map(({ resource, version_id }) => ({
        id: resource.id!,
        version: version_id,
        status: String(resource.status),
        ...(typeof resource.description === 'string' ? { description: resource.description } : {}),
        ...(coded(resource.businessStatus)?.code ? { category: { code: coded(resource.businessStatus)!.code!, display: coded(resource.businessStatus)!.display } } : {}),
        ...((resource.owner as { reference?: string } | undefined)?.reference ? { owner: (resource.owner as { reference: string }).reference } : {}),
        ...(coded(resource.statusReason, 'urn:bro:consultation-outcome')?.code ? { outcome: coded(resource.statusReason, 'urn:bro:consultation-outcome')!.code } : {}),
      })),
    };
  }

  @Post()
  @PatientDataAuditedInside('FhirService: the proposal is an audited create of the Appointment')
  async propose(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<{ consultation: ConsultationSummary }> {
    requireRole(principal, ['coordinator']);
    const { rest, taken } = splitBody(body, ['patientAttends', 'options', 'taskIds']);
    const input = readBody(rest, {
      encounterId: { type: 'string', required: true, maxLength: 64 },
      hospitalDoctor: { ...REFERENCE, required: true },
      gp: REFERENCE,
      municipalService: REFERENCE,
      minutesDuration: { type: 'integer', required: true },
      description: { type: 'string', maxLength: 500 },
    });
    if (typeof taken.patientAttends !== 'boolean') throw DomainError.badRequest('patientAttends is required, true or false', 'patientAttends');
    if (!Array.isArray(taken.options) || taken.options.length === 0 || taken.options.length > 10) throw DomainError.badRequest('options is a list of 1 to 10 times { start, end }', 'options');
    if (taken.taskIds !== undefined && !(Array.isArray(taken.taskIds) && taken.taskIds.every((id) => typeof id === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(id)))) {
      throw DomainError.badRequest('taskIds is a list of Task ids', 'taskIds');
    }
    if (!/^PractitionerRole\/[A-Za-z0-9\-.]{1,64}$/.test(input.hospitalDoctor)) throw DomainError.badRequest('hospitalDoctor is a PractitionerRole reference', 'hospitalDoctor');
    if (input.gp !== undefined && !/^PractitionerRole\/[A-Za-z0-9\-.]{1,64}$/.test(input.gp)) throw DomainError.badRequest('gp is a PractitionerRole reference', 'gp');
    if (input.municipalService !== undefined && !/^HealthcareService\/[A-Za-z0-9\-.]{1,64}$/.test(input.municipalService)) throw DomainError.badRequest('municipalService is a HealthcareService reference', 'municipalService');
    if (input.minutesDuration < 5 || input.minutesDuration > 240) throw DomainError.badRequest('minutesDuration is from 5 to 240', 'minutesDuration');
    const caller = await this.callerOf(principal);
    const stored = await this.proposals.propose(caller, {
      ...input,
      patientAttends: taken.patientAttends,
      taskIds: taken.taskIds as string[] | undefined,
      options: taken.options.map((option, i) => readTimeOption(option, `options[${i}]`)),
    });
    const [consultation] = await this.lists.summaries(caller, [stored.resource]);
    return { consultation };
  }

  @Post(':id/answer')
  @HttpCode(200)
  @PatientDataAuditedInside('FhirService: the answer is an audited create of an AppointmentResponse')
  async answer(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<{ consultation: ConsultationSummary }> {
    requireRole(principal, ['gp']);
    const { rest, taken } = splitBody(body, ['option', 'time']);
    const input = readBody(rest, {
      answer: { type: 'string', required: true, oneOf: ['accept', 'decline', 'propose'] },
      reason: { type: 'string', maxLength: 2000 },
      comment: { type: 'string', maxLength: 2000 },
    });
    let answer: Answer;
    if (input.answer === 'accept') answer = { answer: 'accept', option: taken.option === undefined ? undefined : readTimeOption(taken.option, 'option'), comment: input.comment };
    else if (input.answer === 'decline') {
      if (!input.reason?.trim()) throw DomainError.badRequest('a decline says why (reason)', 'reason');
      answer = { answer: 'decline', reason: input.reason.trim() };
    } else answer = { answer: 'propose', time: readTimeOption(taken.time, 'time'), comment: input.comment };
    const caller = await this.callerOf(principal);
    const stored = await this.answers.answer(caller, id, answer);
    const [consultation] = await this.lists.summaries(caller, [stored.resource]);
    return { consultation };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @PatientDataAuditedInside('FhirService: the cancellation is an audited update of the Appointment')
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<{ consultation: ConsultationSummary }> {
    requireRole(principal, ['coordinator']);
    const input = readBody(body, {
      version: { type: 'integer' },
      reason: { type: 'string', required: true, maxLength: 64 },
      text: { type: 'string', maxLength: 2000 },
    });
    const caller = await this.callerOf(principal);
    const stored = await this.cancels.cancel(caller, { appointmentId: id, ...input });
    const [consultation] = await this.lists.summaries(caller, [stored.resource]);
    return { consultation };
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @PatientDataAuditedInside('FhirService: every Task and the Appointment are audited updates (and creates)')
  async outcome(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<ConsultationOutcomeAnswer> {
    requireRole(principal, ['coordinator', 'gp']);
    const input = readBody(body, {
      version: { type: 'integer' },
      note: { type: 'string', required: true, maxLength: 4000 },
      tasks: { type: 'object-array', required: true },
    });
    const tasks = input.tasks.map((task, i) => {
      const given = readBody(task, { id: { type: 'string', required: true, maxLength: 64 }, outcome: { type: 'string', required: true }, version: { type: 'integer' } });
      if (!isConsultationOutcome(given.outcome)) throw DomainError.badRequest(`tasks[${i}].outcome is SYKEHUSET-BEHOLDER or FASTLEGEN-OVERTAR`, `tasks[${i}].outcome`);
      return { id: given.id, outcome: given.outcome, version: given.version };
    });
    const caller = await this.callerOf(principal);
    const recorded = await this.outcomes.record(caller, { appointmentId: id, version: input.version, note: input.note, tasks });
    const [consultation] = await this.lists.summaries(caller, [recorded.appointment.resource]);
    return {
      consultation,
      tasks: recorded.tasks.map(({ task, outcome, replacement }) => ({ id: task.resource.id!, status: String(task.resource.status), outcome, ...(replacement ? { replacedBy: replacement.resource.id } : {}) })),
    };
  }

  private async callerOf(principal: Principal): Promise<AccessPolicy> {
    const caller = await this.fhir.policyOf(principal);
    if (!caller) throw new Error('a signed-in caller has an access policy');
    return caller;
  }

  /** The consultation, if the caller planned it or takes part; 404 otherwise, as if it did not exist. */
  private async visibleConsultation(caller: AccessPolicy, id: string): Promise<Resource> {
    const params = new SqlParams();
    const { rows } = await this.fhir.database.query<{ resource: Resource }>(
      `SELECT resource FROM "${tableNameOf('Appointment')}" WHERE id = ${params.add(id)} AND ${caller.may('Appointment', 'read') ? caller.visibleSql('Appointment', params) : 'FALSE'}`,
      params.values,
    );
    const appointment = rows[0]?.resource;
    if (!appointment || !isJointDischargeConsultation(appointment as { serviceType?: unknown }) || (caller.role !== 'system' && !consultationPartyOf(caller.scope, appointment as { extension?: unknown; participant?: unknown }))) {
      throw DomainError.notFound(`Appointment/${id} is not a consultation you planned or take part in`);
    }
    return appointment;
  }
}
