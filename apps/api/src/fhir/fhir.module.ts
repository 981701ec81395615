import { Module } from '@nestjs/common';
import { BundleProcessorService } from './bundle/bundle-processor.service';
import { FhirController } from './fhir.controller';
import { FhirService } from './fhir.service';
import { FhirOperations } from './fhir-operations';

@Module({
  controllers: [FhirController],
  providers: [FhirService, BundleProcessorService, FhirOperations],
  exports: [FhirService, BundleProcessorService, FhirOperations],
})
export class FhirModule {}
