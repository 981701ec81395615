/**
 * What `POST /api/directory/import` answers with: written by the API, read by an administrator's page or a
 * registry's job. Plain types only, so the browser imports this file directly.
 */

/** One problem of one row: its line in the file (the header is line 1), the column, and why. */
export interface DirectoryImportError {
  row: number;
  /** The CSV column (`orgnr`, `message_types`, …), or `row` for the row as a whole. */
  field: string;
  message: string;
}

/** Counts per kind of entry: rows that made a new entry, changed one, or found it as the file says. */
export interface DirectoryImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface DirectoryImportReport {
  /** Data rows read (blank lines not counted). */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows refused: each has at least one entry in `errors`; the other rows were written all the same. */
  failed: number;
  byKind: Record<'organization' | 'service' | 'person', DirectoryImportCounts>;
  errors: DirectoryImportError[];
}
