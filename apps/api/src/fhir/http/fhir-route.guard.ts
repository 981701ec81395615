import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ReadOnlyTypes } from '../read-only-types';
import { routeRefusal, segmentsBelowBase } from './fhir-routes';

/**
 * Holds every FHIR route to the path table (fhir-routes.ts) after the caller is authenticated: the
 * controller's routes are generic (`:type/:id`), so a write to a read-only type or a GET of
 * `Type/_search` would otherwise reach a handler; here it gets its 405 (or 404) like any other path.
 */
@Injectable()
export class FhirRouteGuard implements CanActivate {
  constructor(private readonly readOnlyTypes: ReadOnlyTypes) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const segments = segmentsBelowBase(request.path);
    if (!segments) return true;
    const refusal = routeRefusal(request.method, segments, (type) => this.readOnlyTypes.get(type) !== undefined);
    if (refusal) throw refusal;
    return true;
  }
}
