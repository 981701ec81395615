import { ArgumentsHost, Catch, HttpException, NotFoundException } from '@nestjs/common';
import { AbstractHttpAdapter, BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/errors/domain-error';
import { routeRefusal, segmentsBelowBase } from './fhir-routes';
import { sendOperationOutcome } from './fhir-response';

/**
 * The catch-all under /fhir/R4: a request no route matched (an unknown path, OPTIONS, `PATCH [type]`)
 * reaches Nest's not-found handler, whose NotFoundException lands here. Under the FHIR base it answers
 * from the same path table as the controller's guard, as an OperationOutcome: 405 with `Allow` for a
 * path Bro serves, 404 otherwise. Every other not-found keeps Nest's own answer.
 */
@Catch(NotFoundException)
export class FhirUnmatchedRouteFilter extends BaseExceptionFilter {
  constructor(
    private readonly readOnly: (type: string) => boolean,
    httpAdapter: AbstractHttpAdapter,
  ) {
    super(httpAdapter);
  }

  override catch(exception: HttpException, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const segments = request ? segmentsBelowBase(request.path) : undefined;
    if (!segments) return super.catch(exception, host);
    const refusal =
      routeRefusal(request.method, segments, this.readOnly) ??
      DomainError.notFound(`${request.method} ${request.path.slice(0, 200)} is not a FHIR interaction Bro serves`);
    sendOperationOutcome(host.switchToHttp().getResponse<Response>(), refusal.status, refusal.issues, refusal.headers);
  }
}
