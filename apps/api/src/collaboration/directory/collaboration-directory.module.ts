import { Module } from '@nestjs/common';
import { FhirModule } from '../../fhir/fhir.module';
import { CollaborationContactsProjection } from './collaboration-contacts.projection';
import { CollaborationContactsRule } from './collaboration-contacts.rule';
import { DirectoryEntriesProjection } from './directory-entries.projection';
import { DirectoryEntriesRule } from './directory-entries.rule';

/**
 * The directory's projections, kept on every path that writes (so the worker's writes keep them too): the
 * search rows of every directory resource, and who collaborated with whom lately.
 */
@Module({
  imports: [FhirModule],
  providers: [DirectoryEntriesProjection, DirectoryEntriesRule, CollaborationContactsProjection, CollaborationContactsRule],
  exports: [DirectoryEntriesProjection],
})
export class CollaborationDirectoryModule {}
