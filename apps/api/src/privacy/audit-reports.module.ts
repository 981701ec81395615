import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { FhirModule } from '../fhir/fhir.module';
import { AuditModule } from '../audit/audit.module';
import { AuditReportsController } from './audit-reports.controller';
import { AuditTrailReader } from './audit-trail.reader';

/** The audit trail's reading side: AuditEvent at /fhir/R4 and the privacy officer's reports. */
@Module({ imports: [FhirModule, AccessModule, AuditModule], controllers: [AuditReportsController], providers: [AuditTrailReader] })
export class AuditReportsModule {}
