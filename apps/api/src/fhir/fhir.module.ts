import { Module } from '@nestjs/common';
import { BundleProcessorService } from './bundle/bundle-processor.service';
import { FhirController } from './fhir.controller';
import { FhirService } from './fhir.service';

@Module({
  controllers: [FhirController],
  providers: [FhirService, BundleProcessorService],
  exports: [FhirService],
})
export class FhirModule {}
