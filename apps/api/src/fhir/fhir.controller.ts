import { Controller, Delete, Get, Inject, Param, Patch, Post, Put, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Public } from '../auth/public.decorator';
import { AuthenticatedRequest } from '../auth/principal';
import { BundleProcessorService } from './bundle/bundle-processor.service';
import { searchsetBundle } from './bundle/searchset-bundle';
import { capabilityStatement } from './capability-statement';
import { DomainError } from '../common/errors/domain-error';
import { ConditionalWriteResult, FhirService } from './fhir.service';
import { FhirOperations, OperationLevel } from './fhir-operations';
import { CapabilityExtensions } from './capability-extensions';
import { ReadOnlyTypes } from './read-only-types';
import { FhirExceptionFilter } from './http/fhir-exception.filter';
import { prefersLenientHandling } from './http/prefer-handling';
import { readSubsetting, subsetResource } from './search/resource-subset';
import { ifMatchOf, formPairsOf, historyQueryOf, preferredReturn, queryPairsOf, queryStringOf, resourceIdParam, resourceTypeParam, versionIdParam, wantsMinimal } from './http/fhir-request';
import { FhirRouteGuard } from './http/fhir-route.guard';
import { withAbsoluteLinks } from './bundle/absolute-links';
import { patchOf } from './patch/resource-patch.request';
import { sendOperationOutcome, sendResource, versionHeaders } from './http/fhir-response';
import { WriteResult } from './store/fhir-resource.store';
import { StoredResource } from './store/stored-resource';
import { PatientDataAuditedInside } from '../audit/patient-data.decorators';

const VERSION = '0.1.0';

function actorOf(request: Request) {
  return (request as AuthenticatedRequest).principal;
}

/** The FHIR R4 REST API. HTTP only: every interaction is carried out by {@link FhirService}. */
@Controller('fhir/R4')
@PatientDataAuditedInside('FhirService: every interaction applies the access policy and audits what it reads or writes')
@UseFilters(FhirExceptionFilter)
@UseGuards(FhirRouteGuard)
export class FhirController {
  constructor(
    private readonly fhir: FhirService,
    private readonly bundles: BundleProcessorService,
    private readonly operations: FhirOperations,
    private readonly readOnlyTypes: ReadOnlyTypes,
    private readonly extensions: CapabilityExtensions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('metadata')
  metadata(@Res() response: Response): void {
    sendResource(
      response,
      200,
      capabilityStatement(this.config.fhirBaseUrl, this.config.oidcIssuer, VERSION, this.operations, this.readOnlyTypes.capabilities(), this.extensions.all()),
    );
  }

  @Post()
  async transaction(@Req() request: Request, @Res() response: Response): Promise<void> {
    sendResource(response, 200, await this.bundles.process(request.body, wantsMinimal(request), actorOf(request)));
  }

  /** `GET [base]/_history`: every type's changes, for callers who may read every type's history in full. */
  @Get('_history')
  async systemHistory(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.sendHistory(undefined, undefined, request, response);
  }

  @Get(':type/_history')
  async typeHistory(@Param('type') type: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.sendHistory(resourceTypeParam(type), undefined, request, response);
  }

  @Get(':type')
  async search(@Param('type') type: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (type.startsWith('$')) return this.sendOperation('system', type, undefined, undefined, request, response);
    const readOnly = this.readOnlyTypes.get(type);
    if (readOnly) {
      // _format and _pretty change nothing in JSON; the type's own parameters are its provider's to check.
      const bundle = await readOnly.search(queryPairsOf(request).filter(([name]) => name !== '_format' && name !== '_pretty'), actorOf(request));
      sendResource(response, 200, withAbsoluteLinks(bundle, this.config.fhirBaseUrl, type, queryStringOf(request)));
      return;
    }
    await this.sendSearch(resourceTypeParam(type), queryPairsOf(request), request, response);
  }

  @Post(':type/_search')
  async searchByPost(@Param('type') type: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.sendSearch(resourceTypeParam(type), [...queryPairsOf(request), ...formPairsOf(request)], request, response);
  }

  @Post(':type')
  async create(@Param('type') type: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (type.startsWith('$')) return this.sendOperation('system', type, undefined, undefined, request, response);
    const ifNoneExist = request.headers['if-none-exist'];
    const result = await this.fhir.create(resourceTypeParam(type), request.body, {
      ifNoneExist: ifNoneExist === undefined ? undefined : String(ifNoneExist).replace(/^.*\?/, ''),
      actor: actorOf(request),
    });
    this.sendWrite(response, request, result.existing ? 200 : 201, result);
  }

  @Put(':type')
  async conditionalUpdate(@Param('type') type: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const criteria = queryStringOf(request);
    if (!criteria) throw DomainError.badRequest('PUT without an id needs search criteria, e.g. PUT /Patient?identifier=system|value');
    const result = await this.fhir.conditionalUpdate(resourceTypeParam(type), criteria, request.body, {
      ifMatch: ifMatchOf(request),
      actor: actorOf(request),
    });
    this.sendWrite(response, request, result.created ? 201 : 200, result);
  }

  /** `DELETE [base]/<Type>?criteria`: deletes the one match among what the caller may see; 412 when several match. */
  @Delete(':type')
  async conditionalDelete(@Param('type') type: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const resourceType = resourceTypeParam(type);
    const criteria = queryStringOf(request);
    if (!criteria) throw DomainError.badRequest(`DELETE without an id needs search criteria, e.g. DELETE /${resourceType}?identifier=system|value`);
    const result = await this.fhir.conditionalDelete(resourceType, criteria, { actor: actorOf(request) });
    sendOperationOutcome(response, 200, [
      {
        severity: 'information',
        code: result.deleted ? 'informational' : 'not-found',
        diagnostics: result.deleted ? `${resourceType}/${result.id} deleted` : `nothing matched ${resourceType}?${criteria.slice(0, 200)}; nothing deleted`,
      },
    ]);
  }

  @Get(':type/:id')
  async read(@Param('type') type: string, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (id.startsWith('$')) return this.sendOperation('type', id, type, undefined, request, response);
    const readOnly = this.readOnlyTypes.get(type);
    if (readOnly) {
      sendResource(response, 200, await readOnly.read(resourceIdParam(id), actorOf(request)));
      return;
    }
    const resourceType = resourceTypeParam(type);
    const subsetting = readSubsetting(resourceType, queryPairsOf(request));
    const stored = await this.fhir.read(resourceType, resourceIdParam(id), { actor: actorOf(request) });
    this.sendStored(response, request, { ...stored, resource: subsetResource(stored.resource, subsetting) });
  }

  /** `POST [base]/<Type>/$name`: a type-level operation (a POST to one resource's URL is not a FHIR interaction). */
  @Post(':type/:id')
  async typeOperation(@Param('type') type: string, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (!id.startsWith('$')) throw DomainError.of(405, 'not-supported', `POST goes to [base]/${type} (create) or [base]/${type}/$<operation>; a resource is changed with PUT or PATCH`);
    await this.sendOperation('type', id, type, undefined, request, response);
  }

  @Put(':type/:id')
  async update(@Param('type') type: string, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const result = await this.fhir.update(resourceTypeParam(type), resourceIdParam(id), request.body, { ifMatch: ifMatchOf(request), actor: actorOf(request) });
    this.sendWrite(response, request, result.created ? 201 : 200, result);
  }

  @Patch(':type/:id')
  async patch(@Param('type') type: string, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const resourceType = resourceTypeParam(type);
    resourceIdParam(id);
    const patch = patchOf(request.headers['content-type'], request.body);
    const result = await this.fhir.patch(resourceType, id, patch, { ifMatch: ifMatchOf(request), actor: actorOf(request) });
    this.sendWrite(response, request, 200, result);
  }

  @Delete(':type/:id')
  async delete(@Param('type') type: string, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const resourceType = resourceTypeParam(type);
    const { deleted } = await this.fhir.delete(resourceType, resourceIdParam(id), { actor: actorOf(request) });
    sendOperationOutcome(response, 200, [
      {
        severity: 'information',
        code: deleted ? 'informational' : 'not-found',
        diagnostics: deleted ? `${resourceType}/${id} deleted` : `${resourceType}/${id} did not exist; nothing deleted`,
      },
    ]);
  }

  @Get(':type/:id/_history')
  async instanceHistory(@Param('type') type: string, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.sendHistory(resourceTypeParam(type), resourceIdParam(id), request, response);
  }

  @Get(':type/:id/_history/:versionId')
  async vread(
    @Param('type') type: string,
    @Param('id') id: string,
    @Param('versionId') versionId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const resourceType = resourceTypeParam(type);
    resourceIdParam(id);
    this.sendStored(response, request, await this.fhir.vread(resourceType, id, versionIdParam(resourceType, id, versionId), actorOf(request)));
  }

  /** `GET|POST [base]/<Type>/<id>/$name`: an operation on one resource. */
  @Get(':type/:id/:operation')
  async instanceOperationByGet(
    @Param('type') type: string,
    @Param('id') id: string,
    @Param('operation') operation: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.sendInstanceOperation(type, id, operation, request, response);
  }

  @Post(':type/:id/:operation')
  async instanceOperation(
    @Param('type') type: string,
    @Param('id') id: string,
    @Param('operation') operation: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.sendInstanceOperation(type, id, operation, request, response);
  }

  private async sendInstanceOperation(type: string, id: string, operation: string, request: Request, response: Response): Promise<void> {
    if (!operation.startsWith('$')) throw DomainError.notFound(`${type}/${id}/${operation} is not a FHIR interaction Bro offers`);
    await this.sendOperation('instance', operation, type, resourceIdParam(id), request, response);
  }

  /** Routes `$name` at its level to the feature that registered it. */
  private async sendOperation(level: OperationLevel, name: string, type: string | undefined, id: string | undefined, request: Request, response: Response): Promise<void> {
    const result = await this.operations.invoke(level, name.slice(1), {
      method: request.method === 'GET' ? 'GET' : 'POST',
      body: request.method === 'GET' ? undefined : request.body,
      params: queryPairsOf(request).filter(([key]) => key !== '_format' && key !== '_pretty'),
      actor: actorOf(request),
      ...(type === undefined ? {} : { resourceType: resourceTypeParam(type) }),
      ...(id === undefined ? {} : { id }),
    });
    sendResource(response, result.status, result.resource, result.headers);
  }

  private async sendSearch(resourceType: string, params: Array<[string, string]>, request: Request, response: Response): Promise<void> {
    const search = this.fhir.parseSearch(resourceType, params, { lenient: prefersLenientHandling(request) });
    const result = await this.fhir.search(search, { actor: actorOf(request) });
    sendResource(response, 200, searchsetBundle(this.config.fhirBaseUrl, search, result));
  }

  private async sendHistory(resourceType: string | undefined, id: string | undefined, request: Request, response: Response): Promise<void> {
    const query = new URLSearchParams(queryStringOf(request));
    const page = await this.fhir.history({ resourceType, id, ...historyQueryOf(queryPairsOf(request)) }, actorOf(request));
    const self = `${this.config.fhirBaseUrl}${resourceType ? `/${resourceType}` : ''}${id ? `/${id}` : ''}/_history`;
    const next = new URLSearchParams(query);
    next.set('_cursor', page.nextCursor ?? '');
    sendResource(response, 200, {
      resourceType: 'Bundle',
      type: 'history',
      ...(page.total >= 0 ? { total: page.total } : {}),
      link: [
        { relation: 'self', url: `${self}${query.size ? `?${query}` : ''}` },
        ...(page.nextCursor ? [{ relation: 'next', url: `${self}?${next}` }] : []),
      ],
      // FHIR JSON has no empty arrays: an empty page has no `entry` at all.
      ...(page.entries.length ? { entry: page.entries } : {}),
    });
  }

  private sendStored(response: Response, request: Request, stored: StoredResource): void {
    const headers = versionHeaders(stored);
    if (request.headers['if-none-match'] === headers.ETag) {
      response.status(304).set(headers).end();
      return;
    }
    sendResource(response, 200, stored.resource, headers);
  }

  private sendWrite(response: Response, request: Request, status: number, result: WriteResult): void {
    const { resourceType, id } = result.resource;
    const headers = {
      ...versionHeaders(result),
      Location: `${this.config.fhirBaseUrl}/${resourceType}/${id}/_history/${result.versionId}`,
    };
    const answer = preferredReturn(request);
    if (answer === 'minimal') {
      response.status(status).set(headers).end();
      return;
    }
    if (answer === 'OperationOutcome') {
      const what = status === 201 ? 'created' : (result as ConditionalWriteResult).existing ? 'already exists (If-None-Exist), nothing written,' : 'updated';
      sendOperationOutcome(response, status, [{ severity: 'information', code: 'informational', diagnostics: `${resourceType}/${id} ${what} at version ${result.versionId}` }], headers);
      return;
    }
    sendResource(response, status, result.resource, headers);
  }
}
