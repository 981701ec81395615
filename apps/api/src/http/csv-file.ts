import { DomainError } from '../common/errors/domain-error';
import { csvLine } from './csv';

/**
 * The two CSV files Bro writes for spreadsheets and BI tools:
 * - `excel`: what Excel in bokmål opens right with a double click: `;` between cells (a Norwegian
 *   Excel takes `,` as the decimal sign), decimal comma, and a byte order mark so æ, ø and å are read as
 *   UTF-8 rather than Windows-1252; a first line says what the file holds.
 * - `standard`: RFC 4180 for Power BI, R, Python: `,` between cells, decimal point, the header on the
 *   first line (so Power BI promotes it without a step); the byte order mark stays, as Power BI's CSV
 *   connector otherwise guesses Windows-1252.
 * Both end lines with CRLF, as RFC 4180 and Excel expect.
 */
export type CsvFormat = 'excel' | 'standard';
export const CSV_FORMATS: readonly CsvFormat[] = ['excel', 'standard'];

const BYTE_ORDER_MARK = '\uFEFF';

export function parseCsvFormat(value: unknown): CsvFormat {
  if (value === undefined || value === '') return 'excel';
  if (typeof value === 'string' && (CSV_FORMATS as readonly string[]).includes(value)) return value as CsvFormat;
  throw DomainError.badRequest(`format is one of ${CSV_FORMATS.join(', ')}`, 'format');
}

/** A file of one table: an optional first line about it (Excel only), the header, the rows. */
export function csvFile(format: CsvFormat, table: { about?: string; header: string[]; rows: unknown[][] }): string {
  const excel = format === 'excel';
  const line = (values: unknown[]) => csvLine(values, excel ? ';' : ',', excel);
  const lines = [...(excel && table.about ? [line([table.about])] : []), line(table.header), ...table.rows.map(line)];
  return `${BYTE_ORDER_MARK}${lines.join('\r\n')}\r\n`;
}
