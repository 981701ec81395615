import { Module } from '@nestjs/common';
import { CollaborationDirectoryModule } from './directory/collaboration-directory.module';
import { DirectoryImportWorkersModule } from './directory-import/directory-import-workers.module';
import { RevolvingDoorWorkersModule } from './revolving-door/revolving-door-workers.module';

/** The worker side of collaboration: the directory's projections on the worker's writes, the registry file imports, the revolving-door prompt and the board panel. */
@Module({
  imports: [CollaborationDirectoryModule, DirectoryImportWorkersModule, RevolvingDoorWorkersModule],
})
export class CollaborationWorkersModule {}
