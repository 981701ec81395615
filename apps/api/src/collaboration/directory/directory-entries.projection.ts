import { Injectable } from '@nestjs/common';
import { SqlClient } from '../../database/sql-client';

/**
 * Re-derives the directory's search rows (`directory_entry`, `directory_duty`) from the stored resources, in
 * the caller's transaction: `refs` are the `Type/id` that changed (null: the whole directory, as a bulk
 * load wants after writing rows without the write rules). The database function knows which other entries
 * show something of them (a unit's people show its name and district).
 */
export async function refreshDirectoryEntries(client: SqlClient, refs: readonly string[] | null): Promise<void> {
  await client.query('SELECT refresh_directory_entries($1::text[])', [refs === null ? null : [...new Set(refs)]]);
}

/**
 * Keeps the directory's search rows in step with every write of a directory resource: what a transaction
 * touched is re-derived in one statement just before it commits (after a delete, so a deleted entry goes),
 * and a rolled-back write leaves no trace.
 */
@Injectable()
export class DirectoryEntriesProjection {
  async refresh(client: SqlClient, ref: string): Promise<void> {
    if (client.commitBatch) {
      client.commitBatch.add('directory-entries', [ref], (refs) => refreshDirectoryEntries(client, refs));
      return;
    }
    await refreshDirectoryEntries(client, [ref]);
  }
}
