import { Module } from '@nestjs/common';
import { DirectoryImportController } from './directory-import.controller';
import { DirectoryImportQueue } from './directory-import.queue';

/** The registry CSV import of the collaboration directory, the API's side: `POST /api/directory/import` queues a file, its status URL follows it. */
@Module({
  controllers: [DirectoryImportController],
  providers: [DirectoryImportQueue],
})
export class DirectoryImportModule {}
