import { IdentifierSystem, MAX_EPJ_SYSTEM_LENGTH, OfficeCapability, OfficeCapabilityField, checkNorwegianIdentifier } from '@app/fhir';
import type { CapabilityImportError } from '@app/fhir/multidose/office-capability-answers';
import { CsvFileError, readCsvTable } from '../../common/csv/csv-records';

/**
 * The CSV an administrator (or a registry export) bulk-loads GP office capability from. Pure: it reads the
 * text into rows and says what is wrong with each; finding the offices and writing is the import service's.
 *
 * - UTF-8 (a byte-order mark is skipped), comma- or semicolon-separated (whichever the header uses; Norwegian
 *   spreadsheets save with semicolons), fields in double quotes where they hold the separator or a quote ("").
 * - A header row naming the columns, in any order and case: `orgnr` (organisasjonsnummer) and/or `her_id`
 *   (HER id, also `herid`/`her`) to find the office; `pll_since`, `emultidose_since` (dates YYYY-MM-DD) and `epj`.
 * - A column left out of the header leaves that part of every office as it is; an empty cell in a column
 *   that is there clears it (the office does not use PLL, is not connected, the EPJ system is not known).
 */

/** A file larger than this is refused whole (413): all Norway's ~1,700 GP offices take about 100 kB. */
export const MAX_CSV_BYTES = 1024 * 1024;
/** Data rows in one file at most. */
export const MAX_CSV_ROWS = 5000;
/** Longest cell read; anything longer is a mistake (a pasted document), reported for its row. */
export const MAX_CELL_LENGTH = 200;

export type CsvColumn = 'orgnr' | 'her_id' | 'pll_since' | 'emultidose_since' | 'epj';

const COLUMN_NAMES: Record<string, CsvColumn> = {
  orgnr: 'orgnr',
  organisasjonsnummer: 'orgnr',
  her_id: 'her_id',
  herid: 'her_id',
  her: 'her_id',
  pll_since: 'pll_since',
  emultidose_since: 'emultidose_since',
  epj: 'epj',
};

/** The CSV column of each capability field, for the report. */
export const CSV_COLUMN_OF: Record<OfficeCapabilityField, CsvColumn> = {
  pllInUseSince: 'pll_since',
  eMultidoseConnectedSince: 'emultidose_since',
  epjSystem: 'epj',
};

/** One data row, read: which office it names and what it says of its capability (only the columns the file has). */
export interface CapabilityCsvRow {
  /** The record's line in the file: the header is line 1. */
  row: number;
  orgnr?: string;
  herId?: string;
  /** The fields the file's columns give; `''` clears one. */
  capability: { [K in OfficeCapabilityField]?: string };
}

export interface ParsedCapabilityCsv {
  columns: CsvColumn[];
  rows: CapabilityCsvRow[];
  /** Problems of single rows; the other rows go on. */
  errors: CapabilityImportError[];
}

/** A problem with the file as a whole (no header, unknown columns, NUL, too many rows): nothing is imported. */
export { CsvFileError as CapabilityCsvFileError, csvRecords } from '../../common/csv/csv-records';

/** Reads a capability CSV: the header decides the columns; every data row is checked on its own. */
export function parseCapabilityCsv(input: string): ParsedCapabilityCsv {
  const { header, rows: nonBlank } = readCsvTable(input, { maxBytes: MAX_CSV_BYTES, maxRows: MAX_CSV_ROWS, expectedHeader: 'orgnr;her_id;pll_since;emultidose_since;epj' });

  const columns: CsvColumn[] = [];
  const unknown: string[] = [];
  for (const name of header.fields) {
    const column = COLUMN_NAMES[name.trim().toLowerCase().replace(/[\s-]+/g, '_')];
    if (!column) unknown.push(name.trim() || '(blank)');
    else if (columns.includes(column)) throw new CsvFileError(`the column ${column} is named twice in the header`);
    else columns.push(column);
  }
  if (unknown.length) throw new CsvFileError(`unknown column ${unknown.map((name) => `"${name.slice(0, 40)}"`).join(', ')} in the header; the columns are orgnr, her_id, pll_since, emultidose_since and epj`);
  if (!columns.includes('orgnr') && !columns.includes('her_id')) throw new CsvFileError('the header names neither orgnr nor her_id: say which office each row is about');
  if (!columns.some((column) => column === 'pll_since' || column === 'emultidose_since' || column === 'epj')) {
    throw new CsvFileError('the header names no capability column: pll_since, emultidose_since or epj');
  }

  const rows: CapabilityCsvRow[] = [];
  const errors: CapabilityImportError[] = [];
  for (const record of nonBlank) {
    const rowErrors: CapabilityImportError[] = [];
    const error = (field: string, message: string) => rowErrors.push({ row: record.line, field, message });
    if (record.fields.length !== columns.length) {
      error('row', `the row has ${record.fields.length} fields, the header ${columns.length}`);
      errors.push(...rowErrors);
      continue;
    }
    const cell = (column: CsvColumn): string | undefined => {
      const index = columns.indexOf(column);
      return index < 0 ? undefined : record.fields[index].trim();
    };
    for (const column of columns) {
      if (cell(column)!.length > MAX_CELL_LENGTH) error(column, `the cell is longer than ${MAX_CELL_LENGTH} characters`);
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const orgnr = cell('orgnr') || undefined;
    const herId = cell('her_id') || undefined;
    if (!orgnr && !herId) error(columns.includes('orgnr') ? 'orgnr' : 'her_id', 'the row names no office: give its orgnr or HER id');
    const orgnrProblem = orgnr && checkNorwegianIdentifier(IdentifierSystem.Organisasjonsnummer, orgnr);
    if (orgnrProblem) error('orgnr', orgnrProblem);
    const herProblem = herId && (/^\d{1,9}$/.test(herId) ? undefined : `"${herId}" is not a valid HER id: it must be 1–9 digits`);
    if (herProblem) error('her_id', herProblem);
    const epj = cell('epj');
    if (epj !== undefined && epj.length > MAX_EPJ_SYSTEM_LENGTH) error('epj', `EPJ system is longer than ${MAX_EPJ_SYSTEM_LENGTH} characters`);
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const capability: CapabilityCsvRow['capability'] = {};
    const pll = cell('pll_since');
    const emd = cell('emultidose_since');
    if (pll !== undefined) capability.pllInUseSince = pll;
    if (emd !== undefined) capability.eMultidoseConnectedSince = emd;
    if (epj !== undefined) capability.epjSystem = epj;
    rows.push({ row: record.line, ...(orgnr ? { orgnr } : {}), ...(herId ? { herId } : {}), capability });
  }
  return { columns, rows, errors };
}

/** The capability an office will have after a row: what it has, with the row's columns laid over it (`''` clears). */
export function capabilityAfterRow(current: OfficeCapability, row: CapabilityCsvRow): OfficeCapability {
  const next: OfficeCapability = { ...current };
  for (const [field, value] of Object.entries(row.capability) as Array<[OfficeCapabilityField, string]>) {
    if (value === '') delete next[field];
    else next[field] = value;
  }
  return next;
}
