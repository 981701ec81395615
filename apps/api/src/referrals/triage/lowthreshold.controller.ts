import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { CONTACT_ATTEMPT_RESULTS, ContactAttemptResult, TRIAGE_OUTCOMES, TriageOutcome, isContactAttemptResult, isTriageOutcome } from '@app/fhir';
import { TriageCaseDetail, TriageCasePage, TriageCaseSummary } from '@app/fhir/api/referral-answers';
import { AccessPolicy } from '../../access/access-policy';
import { PatientDataAuditedInside, ReturnsPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { requireRole } from '../../auth/require-role';
import { DomainError } from '../../common/errors/domain-error';
import { FhirService } from '../../fhir/fhir.service';
import { StoredResource } from '../../fhir/store/stored-resource';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { QueryParams } from '../../http/query-params';
import { readBody } from '../../http/request-body';
import { versionOfRequest } from '../../http/version-of-request';
import { triageAudit } from './triage-case';
import { TriageActionsService } from './triage-actions.service';
import { TriageQueueQuery } from './triage-queue.query';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const MAX_TEXT = 4000;

/**
 * The low-threshold service's queue for the web app: its open cases (earliest deadline first, urgent
 * first within a day), the caller's own, the closed ones; one case with the referral behind it and its
 * contact log; and the actions on a case. Only the service's own staff (`lowthreshold`), only the
 * service's own cases (404 for any other).
 */
@Controller('api/lowthreshold/cases')
@UseFilters(ApiExceptionFilter)
export class LowThresholdController {
  constructor(
    private readonly fhir: FhirService,
    private readonly queue: TriageQueueQuery,
    private readonly actions: TriageActionsService,
  ) {}

  @Get()
  @ReturnsPatientData((page: TriageCasePage) => triageAudit(page.cases, 'search-type', 'api/lowthreshold/cases'))
  async list(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<TriageCasePage> {
    requireRole(principal, ['lowthreshold']);
    return this.queue.list(await this.callerOf(principal), query);
  }

  @Get(':id')
  @ReturnsPatientData((detail: TriageCaseDetail) => {
    const patient = detail.case.patient && `Patient/${detail.case.patient.id}`;
    return [
      ...triageAudit([detail.case], 'read'),
      // The case view shows the rejected referral and why the GP referred: both are read too.
      { subtype: 'read', entity: { type: 'Task', id: detail.referral.id }, patient },
      { subtype: 'read', entity: { type: 'ServiceRequest', id: detail.referral.serviceRequestId }, patient },
    ];
  })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TriageCaseDetail> {
    requireRole(principal, ['lowthreshold']);
    assertId(id);
    return this.detailOf(await this.callerOf(principal), id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @PatientDataAuditedInside('FhirService: the claim is an audited update of the triage Task')
  async claim(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown): Promise<TriageCaseSummary> {
    return this.act(principal, id, request, body, {}, (caller, at) => this.actions.claim(caller, at));
  }

  @Post(':id/release')
  @HttpCode(200)
  @PatientDataAuditedInside('FhirService: the release is an audited update of the triage Task')
  async release(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown): Promise<TriageCaseSummary> {
    return this.act(principal, id, request, body, {}, (caller, at) => this.actions.release(caller, at));
  }

  @Post(':id/contact-attempts')
  @HttpCode(200)
  @PatientDataAuditedInside('FhirService: the contact attempt is an audited update of the triage Task')
  async contactAttempt(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown): Promise<TriageCaseSummary> {
    const shape = { result: { type: 'string', required: true, maxLength: 32 }, note: { type: 'string', maxLength: MAX_TEXT } } as const;
    return this.act(principal, id, request, body, shape, (caller, at, input) => {
      if (!isContactAttemptResult(input.result)) throw DomainError.badRequest(`result is one of ${Object.keys(CONTACT_ATTEMPT_RESULTS).join(', ')}`, 'result');
      return this.actions.addContactAttempt(caller, at, { result: input.result as ContactAttemptResult, note: input.note as string | undefined });
    });
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @PatientDataAuditedInside('FhirService: the outcome is an audited update of the triage Task')
  async outcome(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown): Promise<TriageCaseSummary> {
    const shape = { outcome: { type: 'string', required: true, maxLength: 32 }, text: { type: 'string', maxLength: MAX_TEXT } } as const;
    return this.act(principal, id, request, body, shape, (caller, at, input) => {
      if (!isTriageOutcome(input.outcome)) throw DomainError.badRequest(`outcome is one of ${Object.keys(TRIAGE_OUTCOMES).join(', ')}`, 'outcome');
      return this.actions.recordOutcome(caller, at, { outcome: input.outcome as TriageOutcome, text: input.text as string | undefined });
    });
  }

  /** Reads the body (its `version` or If-Match, and the action's own fields), acts as the caller, answers the case as it now is. */
  private async act(
    principal: Principal,
    id: string,
    request: Request,
    body: unknown,
    shape: Record<string, { type: 'string'; required?: boolean; maxLength: number }>,
    action: (caller: AccessPolicy, at: { id: string; version: number }, input: Record<string, unknown>) => Promise<StoredResource>,
  ): Promise<TriageCaseSummary> {
    requireRole(principal, ['lowthreshold']);
    assertId(id);
    const input = readBody(body ?? {}, { version: { type: 'integer' }, ...shape }) as Record<string, unknown>;
    const at = { id, version: versionOfRequest(request, input.version as number | undefined) };
    const caller = await this.callerOf(principal);
    await action(caller, at, input);
    return (await this.detailOf(caller, id)).case;
  }

  private async detailOf(caller: AccessPolicy, id: string): Promise<TriageCaseDetail> {
    const detail = await this.queue.one(caller, id);
    if (!detail) throw DomainError.notFound(`Task/${id} is not a case of your service`);
    return detail;
  }

  private async callerOf(principal: Principal): Promise<AccessPolicy> {
    const caller = await this.fhir.policyOf(principal);
    if (!caller) throw new Error('a signed-in caller has an access policy');
    return caller;
  }
}

function assertId(id: string): void {
  if (!ID.test(id)) throw DomainError.badRequest(`"${id.slice(0, 80)}" is not a case id`, 'id');
}
