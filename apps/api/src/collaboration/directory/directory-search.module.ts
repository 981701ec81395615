import { Module } from '@nestjs/common';
import { FhirModule } from '../../fhir/fhir.module';
import { CollaborationDirectoryModule } from './collaboration-directory.module';
import { DirectorySearchController } from './directory-search.controller';
import { DirectorySearchService } from './directory-search.service';
import { InvolvedPartiesQuery } from './involved-parties.query';

/** GET /api/directory/search, over the projections {@link CollaborationDirectoryModule} keeps. */
@Module({
  imports: [FhirModule, CollaborationDirectoryModule],
  controllers: [DirectorySearchController],
  providers: [DirectorySearchService, InvolvedPartiesQuery],
})
export class DirectorySearchModule {}
