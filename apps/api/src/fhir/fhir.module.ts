import { OutboxModule } from '../outbox/outbox.module';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { Module } from '@nestjs/common';
import { BundleProcessorService } from './bundle/bundle-processor.service';
import { FhirController } from './fhir.controller';
import { FhirService } from './fhir.service';
import { FhirOperations } from './fhir-operations';
import { CapabilityExtensions } from './capability-extensions';
import { PublishedCodeSystems } from './published-code-systems';
import { ReadOnlyTypes } from './read-only-types';
import { ValidateOperation } from './operations/validate.operation';
import { PatientEverythingOperation } from './operations/patient-everything.operation';
import { FhirRouteGuard } from './http/fhir-route.guard';

@Module({
  imports: [AccessModule, AuditModule, OutboxModule],
  controllers: [FhirController],
  providers: [FhirService, BundleProcessorService, FhirOperations, CapabilityExtensions, ReadOnlyTypes, PublishedCodeSystems, ValidateOperation, PatientEverythingOperation, FhirRouteGuard],
  exports: [FhirService, BundleProcessorService, FhirOperations, CapabilityExtensions, ReadOnlyTypes],
})
export class FhirModule {}
