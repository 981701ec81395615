import { Module } from '@nestjs/common';
import { FhirModule } from '../../fhir/fhir.module';
import { DirectoryImportController } from './directory-import.controller';
import { DirectoryImportService } from './directory-import.service';

/** The registry CSV import of the collaboration directory (`POST /api/directory/import`). */
@Module({
  imports: [FhirModule],
  controllers: [DirectoryImportController],
  providers: [DirectoryImportService],
})
export class DirectoryImportModule {}
