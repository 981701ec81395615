/**
 * What `POST /api/directory/import` and its status URL answer with: written by the API, read by an
 * administrator's page or a registry's job. Plain types only, so the browser imports this file directly.
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

/** Where an import stands: waiting for the worker, running, done (with its report), or stopped by a fault. */
export type DirectoryImportState = 'queued' | 'running' | 'done' | 'failed';

/**
 * An import as its status URL tells it (and as `POST /api/directory/import` answers, 202, when it is queued):
 * rows written or refused so far of the file's data rows, and at the end the per-row report.
 */
export interface DirectoryImportStatus {
  id: string;
  /** `/api/directory/import/<id>`: asked again until `state` is `done` or `failed`. */
  statusUrl: string;
  state: DirectoryImportState;
  progress: { done: number; total: number };
  queuedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Once `done`: what each row did, and every bad row's errors. */
  report?: DirectoryImportReport;
  /** Once `failed`: why. Rows written before the fault stay written; sending the file again finishes it (rows already there change nothing). */
  problem?: string;
}
