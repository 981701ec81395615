import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, mergeMap } from 'rxjs';
import { AuthenticatedRequest } from '../auth/principal';
import { Database } from '../database/sql-client';
import { AuditTrailService } from './audit-trail.service';
import { PATIENT_DATA_KEY, PatientDataDeclaration } from './patient-data.decorators';

/**
 * Audits every answer a route declared {@link ReturnsPatientData}: the entries are stored before the
 * answer goes out, so nobody sees patient data that the trail does not show.
 */
@Injectable()
export class PatientDataInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly trail: AuditTrailService,
    private readonly database: Database,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const declaration = this.reflector.getAllAndOverride<PatientDataDeclaration | undefined>(PATIENT_DATA_KEY, [context.getHandler(), context.getClass()]);
    if (context.getType() !== 'http' || declaration?.kind !== 'returns') return next.handle();
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    return next.handle().pipe(
      mergeMap(async (answer: unknown) => {
        if (principal) await this.trail.record(this.database, principal, declaration.entriesOf(answer));
        return answer;
      }),
    );
  }
}
