import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, mergeMap } from 'rxjs';
import { ScopeLetter, scopesLacking } from '../access/smart-scopes';
import { AuthenticatedRequest, Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { Database } from '../database/sql-client';
import { AuditEntry, AuditTrailService } from './audit-trail.service';
import { PATIENT_DATA_KEY, PatientDataDeclaration } from './patient-data.decorators';

/**
 * A system client is held to its SMART scopes here as over FHIR: shown patients only with `Patient.r`, and each
 * resource of the answer only with the letter its audit entry stands for (a search's finds `s`, a read `r`).
 */
function refuseUnscoped(principal: Principal, entries: AuditEntry[]): void {
  const shown: Array<{ type: string; letter: ScopeLetter }> = [{ type: 'Patient', letter: 'r' }];
  for (const entry of entries) {
    const type = entry.entity?.type ?? entry.resource?.resourceType;
    if (type) shown.push({ type, letter: entry.subtype === 'search-type' ? 's' : 'r' });
  }
  const lacking = scopesLacking(principal.scopes, shown);
  if (lacking.length) throw DomainError.forbidden(`this client's scopes do not grant what this answer shows (${lacking.join(', ')})`);
}

/**
 * Audits every answer a route declared {@link ReturnsPatientData}: the entries are stored before the
 * answer goes out, so nobody sees patient data that the trail does not show. A system client whose scopes
 * do not cover what the answer shows gets 403 instead.
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
    // Refused before the handler runs when the client may not read patients at all, so an empty answer tells it nothing either.
    if (principal?.role === 'system') refuseUnscoped(principal, []);
    return next.handle().pipe(
      mergeMap(async (answer: unknown) => {
        const entries = declaration.entriesOf(answer);
        if (principal?.role === 'system') refuseUnscoped(principal, entries);
        if (principal) await this.trail.record(this.database, principal, entries);
        return answer;
      }),
    );
  }
}
