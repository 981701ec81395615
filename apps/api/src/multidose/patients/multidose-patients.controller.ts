import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { MultidoseBadges, MultidoseEpisodeView, MultidosePatientPage } from '@app/fhir/multidose/multidose-patient-answers';
import { AccessPolicy } from '../../access/access-policy';
import { PatientDataAuditedInside, ReturnsPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { requireRole } from '../../auth/require-role';
import { DomainError } from '../../common/errors/domain-error';
import { FhirService } from '../../fhir/fhir.service';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { QueryParams, refuseUnknownParams } from '../../http/query-params';
import { readBody } from '../../http/request-body';
import { versionFromETag } from '../../fhir/store/stored-resource';
import { CompleteListService } from './complete-list.service';
import { MultidoseBadgesQuery, badgePatientsOf, badgesAudit } from './multidose-badges.query';
import { MultidoseEpisodeViewService } from './multidose-episode-view.service';
import { MultidosePatientListQuery, multidosePatientsAudit } from './multidose-patient-list.query';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

function assertPatientId(id: string): void {
  if (!ID.test(id)) throw DomainError.badRequest(`"${id.slice(0, 80)}" is not a Patient id`, 'patientId');
}

/**
 * Multidose for the GP and the hospital unit: "Mine multidosepasienter", a patient's episode with its
 * timeline, recording the updated complete list (M25.1), and badges for many patients at once. Reads are
 * one statement per page filtered by the access policy, or FhirService as the caller; the one write is a
 * FhirService create, so the e-prescription event rule decides as on /fhir/R4.
 */
@Controller('api/multidose')
@UseFilters(ApiExceptionFilter)
export class MultidosePatientsController {
  constructor(
    private readonly fhir: FhirService,
    private readonly lists: MultidosePatientListQuery,
    private readonly badgesQuery: MultidoseBadgesQuery,
    private readonly episodes: MultidoseEpisodeViewService,
    private readonly completeLists: CompleteListService,
  ) {}

  @Get('patients')
  @ReturnsPatientData((page: MultidosePatientPage) => multidosePatientsAudit(page.patients, 'search-type', 'api/multidose/patients'))
  async list(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<MultidosePatientPage> {
    requireRole(principal, ['gp']);
    return this.lists.list(await this.callerOf(principal), query);
  }

  @Get('patients/:patientId/episode')
  @PatientDataAuditedInside('FhirService: the episode and the e-prescription events are audited searches, its versions an audited history read')
  async episode(@CurrentPrincipal() principal: Principal, @Param('patientId') patientId: string, @Query() query: QueryParams): Promise<MultidoseEpisodeView> {
    requireRole(principal, ['gp', 'coordinator']);
    refuseUnknownParams(query, []);
    assertPatientId(patientId);
    return this.episodes.view(principal, patientId);
  }

  @Post('patients/:patientId/complete-list')
  @HttpCode(200)
  @PatientDataAuditedInside('FhirService: the M25.1 Communication is an audited create (its rule updates the episode and the update Task, audited too); the answer is read through FhirService as the caller')
  async completeList(@CurrentPrincipal() principal: Principal, @Param('patientId') patientId: string, @Req() request: Request, @Body() body: unknown): Promise<MultidoseEpisodeView> {
    requireRole(principal, ['gp']);
    assertPatientId(patientId);
    const input = readBody(body ?? {}, { version: { type: 'integer' } });
    const header = request.headers['if-match'];
    const fromHeader = header === undefined ? undefined : versionFromETag(String(header));
    if (header !== undefined && fromHeader === undefined) throw DomainError.badRequest('If-Match must be a version ETag such as W/"3"');
    await this.completeLists.record(await this.callerOf(principal), patientId, fromHeader ?? input.version);
    return this.episodes.view(principal, patientId);
  }

  @Get('badges')
  @ReturnsPatientData(badgesAudit)
  async badges(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<MultidoseBadges> {
    requireRole(principal, ['gp', 'coordinator']);
    const patients = badgePatientsOf(query);
    return this.badgesQuery.badges(await this.callerOf(principal), patients);
  }

  private async callerOf(principal: Principal): Promise<AccessPolicy> {
    const caller = await this.fhir.policyOf(principal);
    if (!caller) throw new Error('a signed-in caller has an access policy');
    return caller;
  }
}
