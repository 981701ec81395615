import { Module } from '@nestjs/common';
import { DirectorySearchModule } from './directory/directory-search.module';
import { DirectoryImportModule } from './directory-import/directory-import.module';
import { RevolvingDoorModule } from './revolving-door/revolving-door.module';

/**
 * Collaboration: the directory of who to call (search, the registry import) and the revolving-door patients.
 */
@Module({
  imports: [DirectorySearchModule, DirectoryImportModule, RevolvingDoorModule],
})
export class CollaborationModule {}
