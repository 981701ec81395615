import { Module } from '@nestjs/common';
import { FhirModule } from '../../fhir/fhir.module';
import { DirectoryImportProcessor } from './directory-import.processor';
import { DirectoryImportService } from './directory-import.service';

/** The registry CSV import, the worker's side: each queued file written row by row through FhirService. */
@Module({
  imports: [FhirModule],
  providers: [DirectoryImportService, DirectoryImportProcessor],
})
export class DirectoryImportWorkersModule {}
