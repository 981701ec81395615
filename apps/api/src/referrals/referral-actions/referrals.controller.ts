import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { REJECTION_REASONS, ReferralAnswer, RejectionReason, isReferralAnswer, isRejectionReason } from '@app/fhir';
import { ReferralPage, ReferralSummary } from '@app/fhir/api/referral-answers';
import { AccessPolicy } from '../../access/access-policy';
import { PatientDataAuditedInside, ReturnsPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { requireRole } from '../../auth/require-role';
import { DomainError } from '../../common/errors/domain-error';
import { FhirService } from '../../fhir/fhir.service';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { QueryParams } from '../../http/query-params';
import { readBody, splitBody } from '../../http/request-body';
import { versionOfRequest } from '../../http/version-of-request';
import { ReferralAnswerService } from './referral-answer.service';
import { ReferralListQuery, referralAudit } from './referral-list.query';
import { ReferralSendService } from './referral-send.service';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const MAX_REASON_TEXT = 4000;

/** 400 for what cannot be a resource id, before anything is looked up. */
function assertId(id: string, what = 'referral'): void {
  if (!ID.test(id)) throw DomainError.badRequest(`"${id.slice(0, 80)}" is not a ${what} id`, 'id');
}

/**
 * Referrals for the web app: the GP sends and withdraws and follows "Mine henvisninger" (with where a
 * rejected patient is in the low-threshold service); the hospital unit lists what it received and
 * answers. Every write goes through FhirService, so the referral write rule and the access policy
 * decide as they do on /fhir/R4.
 */
@Controller('api/referrals')
@UseFilters(ApiExceptionFilter)
export class ReferralsController {
  constructor(
    private readonly fhir: FhirService,
    private readonly lists: ReferralListQuery,
    private readonly sending: ReferralSendService,
    private readonly answers: ReferralAnswerService,
  ) {}

  @Get()
  @ReturnsPatientData((page: ReferralPage) => referralAudit(page.referrals, 'search-type', 'api/referrals'))
  async list(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<ReferralPage> {
    requireRole(principal, ['gp', 'coordinator']);
    return this.lists.list(await this.callerOf(principal), query);
  }

  @Get(':id')
  @ReturnsPatientData((referral: ReferralSummary) => referralAudit([referral], 'read'))
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ReferralSummary> {
    requireRole(principal, ['gp', 'coordinator']);
    assertId(id);
    return this.summaryOf(await this.callerOf(principal), id);
  }

  @Post()
  @PatientDataAuditedInside('FhirService: the ServiceRequest and the referral Task are audited creates')
  async send(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<ReferralSummary> {
    requireRole(principal, ['gp']);
    const { rest, taken } = splitBody(body, ['patientObjectsToContact']);
    const input = readBody(rest, {
      patientId: { type: 'string', required: true, maxLength: 64 },
      hospitalUnit: { type: 'string', required: true, maxLength: 100 },
      reasonText: { type: 'string', required: true, maxLength: MAX_REASON_TEXT },
      priority: { type: 'string', oneOf: ['routine', 'urgent'] },
    });
    if (!ID.test(input.patientId)) throw DomainError.badRequest('patientId is a Patient id', 'patientId');
    if (!/^Organization\/[A-Za-z0-9\-.]{1,64}$/.test(input.hospitalUnit)) throw DomainError.badRequest('hospitalUnit is the unit as Organization/<id>', 'hospitalUnit');
    const reasonText = input.reasonText.trim();
    if (!reasonText) throw DomainError.badRequest('reasonText says what the hospital is asked to assess', 'reasonText');
    const objects = taken.patientObjectsToContact;
    if (objects !== undefined && typeof objects !== 'boolean') throw DomainError.badRequest('patientObjectsToContact is true or false', 'patientObjectsToContact');
    const caller = await this.callerOf(principal);
    const sent = await this.sending.send(caller, {
      patientId: input.patientId,
      hospitalUnit: input.hospitalUnit,
      reasonText,
      priority: (input.priority as 'routine' | 'urgent' | undefined) ?? 'routine',
      patientObjectsToContact: objects === true,
    });
    return this.summaryOf(caller, sent.task.resource.id!);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @PatientDataAuditedInside('FhirService: the answer is an audited update of the referral Task (and the triage Task a rejection creates)')
  async answer(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown): Promise<ReferralSummary> {
    requireRole(principal, ['coordinator', 'system']);
    assertId(id);
    const input = readBody(body, {
      version: { type: 'integer' },
      answer: { type: 'string', required: true, maxLength: 8 },
      reason: { type: 'string', maxLength: 64 },
      reasonText: { type: 'string', maxLength: MAX_REASON_TEXT },
    });
    if (!isReferralAnswer(input.answer)) throw DomainError.badRequest(`answer is a Volven 9148 code: ${Object.values(ReferralAnswer).join(', ')}`, 'answer');
    if (input.reason !== undefined && !isRejectionReason(input.reason)) {
      throw DomainError.badRequest(`reason is one of ${Object.keys(REJECTION_REASONS).join(', ')}`, 'reason');
    }
    const caller = await this.callerOf(principal);
    await this.answers.answer(caller, id, {
      version: versionOfRequest(request, input.version),
      answer: input.answer,
      reason: input.reason as RejectionReason | undefined,
      reasonText: input.reasonText,
    });
    return this.summaryOf(caller, id);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @PatientDataAuditedInside('FhirService: the withdrawal is an audited update of the referral Task')
  async withdraw(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown): Promise<ReferralSummary> {
    requireRole(principal, ['gp']);
    assertId(id);
    const input = readBody(body ?? {}, { version: { type: 'integer' } });
    const caller = await this.callerOf(principal);
    await this.answers.withdraw(caller, id, versionOfRequest(request, input.version));
    return this.summaryOf(caller, id);
  }

  private async summaryOf(caller: AccessPolicy, id: string): Promise<ReferralSummary> {
    const summary = await this.lists.one(caller, id);
    if (!summary) throw DomainError.notFound(`Task/${id} is not a referral of yours`);
    return summary;
  }

  private async callerOf(principal: Principal): Promise<AccessPolicy> {
    const caller = await this.fhir.policyOf(principal);
    if (!caller) throw new Error('a signed-in caller has an access policy');
    return caller;
  }
}
