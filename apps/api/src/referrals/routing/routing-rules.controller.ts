import { Body, Controller, Get, Put, Query, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { RoutingRuleHistoryPage, RoutingRulesAnswer } from '@app/fhir/api/routing-rule-answers';
import { NoPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { BroRole, Principal } from '../../auth/principal';
import { requireRole } from '../../auth/require-role';
import { DomainError } from '../../common/errors/domain-error';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { QueryParams, readPaging, refuseUnknownParams } from '../../http/query-params';
import { versionFromETag } from '../../fhir/store/stored-resource';
import { RoutingRulesService, readRoutingRulesChange } from './routing-rules.service';

/** Who works with where rejected referrals go reads the rules: the administrator, the low-threshold service and the quality team. */
export const ROUTING_RULE_READERS: readonly BroRole[] = ['admin', 'lowthreshold', 'quality'];
/** Only an administrator changes them. */
export const ROUTING_RULE_WRITERS: readonly BroRole[] = ['admin'];

/** The routing rules of rejected referrals: the set in force, a new version, and every earlier one. */
@Controller('api/referrals/routing-rules')
@NoPatientData('routing rules name rejection reasons, hospital units and services, and the administrator who saved them; no patient')
@UseFilters(ApiExceptionFilter)
export class RoutingRulesController {
  constructor(private readonly rules: RoutingRulesService) {}

  @Get()
  async current(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<RoutingRulesAnswer> {
    requireRole(principal, ROUTING_RULE_READERS);
    refuseUnknownParams(query, []);
    return this.rules.current();
  }

  /** Saves the whole rule set as the next version; `version` (or If-Match) is the one the administrator edited, 0 when none was stored. */
  @Put()
  async save(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Body() body: unknown): Promise<RoutingRulesAnswer> {
    requireRole(principal, ROUTING_RULE_WRITERS);
    const bodyVersion = body && typeof body === 'object' && !Array.isArray(body) ? (body as { version?: unknown }).version : undefined;
    const version = versionOf(request, readVersion(bodyVersion));
    return this.rules.save(principal, readRoutingRulesChange(body, version));
  }

  @Get('history')
  async history(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<RoutingRuleHistoryPage> {
    requireRole(principal, ROUTING_RULE_READERS);
    refuseUnknownParams(query, ['page', 'pageSize']);
    const { page, pageSize } = readPaging(query, { fallback: 20, max: 100 });
    return this.rules.history(page, pageSize);
  }
}

/** The body's `version`: absent is left to If-Match; anything but a whole number from 0 is refused. */
function readVersion(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
    throw DomainError.badRequest('version must be a whole number: the version you edited, 0 when no rules were stored', 'version');
  }
  return value;
}

/** The version edited: If-Match (W/"3") or `version` in the body; 428 when neither says. */
function versionOf(request: Request, bodyVersion: number | undefined): number {
  const header = request.headers['if-match'];
  const fromHeader = header === undefined ? undefined : versionFromETag(String(header));
  if (header !== undefined && fromHeader === undefined) throw DomainError.badRequest(`If-Match must be a version ETag such as W/"3"`);
  if (fromHeader !== undefined && bodyVersion !== undefined && fromHeader !== bodyVersion) {
    throw DomainError.badRequest(`If-Match names version ${fromHeader} and the body version ${bodyVersion}; send one`, 'version');
  }
  const version = fromHeader ?? bodyVersion;
  if (version === undefined) {
    throw DomainError.preconditionRequired('say which version of the routing rules you edited: "version": n in the body (0 when none are stored) or If-Match: W/"n"');
  }
  return version;
}
