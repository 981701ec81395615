/**
 * Reading the CSV files administrators and registries upload (office capability, the collaboration
 * directory): the text into records of fields, as RFC 4180 and Norwegian spreadsheets write them. Pure;
 * what the columns mean is each import's own.
 *
 * - UTF-8 (a byte-order mark is skipped), comma- or semicolon-separated (whichever the header uses; Norwegian
 *   spreadsheets save with semicolons), fields in double quotes where they hold the separator, a line break
 *   or a quote (written twice: "").
 */

/** A problem with the file as a whole (no header, unknown columns, NUL, too large): nothing is imported. */
export class CsvFileError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 = 400,
  ) {
    super(message);
  }
}

export interface CsvRecord {
  /** The line the record starts on: the header is line 1. */
  line: number;
  fields: string[];
}

/** Splits the text into records of fields (RFC 4180 quoting), each with the line it starts on. */
export function csvRecords(text: string, separator: ',' | ';'): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
      continue;
    }
    if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (char === separator) {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvFileError(`a quoted field opened on line ${recordLine} is never closed`);
  if (field !== '' || fields.length) endRecord();
  return records;
}

export interface CsvTable {
  header: CsvRecord;
  /** The data records that are not blank, in file order. */
  rows: CsvRecord[];
}

/**
 * The file as a header and its data records: refused whole (CsvFileError) when it holds NUL, is larger
 * than `maxBytes`, starts with a blank line or has more than `maxRows` data records.
 */
export function readCsvTable(input: string, limits: { maxBytes: number; maxRows: number; expectedHeader: string }): CsvTable {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  if (text.includes('\u0000')) throw new CsvFileError('the file contains NUL characters: it is not a text CSV (save it as CSV UTF-8)');
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) throw new CsvFileError(`the file is larger than ${Math.round(limits.maxBytes / 1024)} kB; split it`, 413);
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  if (firstLine.trim() === '') throw new CsvFileError(`the file is empty or starts with a blank line; the first line names the columns: ${limits.expectedHeader}`);
  const separator = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const [header, ...data] = csvRecords(text, separator);
  const rows = data.filter((record) => !record.fields.every((field) => field.trim() === ''));
  if (rows.length > limits.maxRows) throw new CsvFileError(`the file has ${rows.length} rows; at most ${limits.maxRows} are taken at once`, 413);
  return { header, rows };
}

/** A header cell as a column name: trimmed, lower case, spaces and dashes as `_`. */
export function columnKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}
