import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { AuditModule } from './audit.module';
import { PatientDataDeclarationsCheck } from './patient-data-declarations.check';
import { PatientDataInterceptor } from './patient-data.interceptor';

/** The HTTP side of the audit trail: every route declares what it does with patient data, and answers are audited. */
@Module({
  imports: [DiscoveryModule, AuditModule],
  providers: [{ provide: APP_INTERCEPTOR, useClass: PatientDataInterceptor }, PatientDataDeclarationsCheck],
})
export class PatientDataModule {}
