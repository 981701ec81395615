/**
 * Characters that make a spreadsheet read a text cell as a formula (OWASP "CSV injection"): `=`, `+`,
 * `-`, `@`, and a tab or carriage return in front of one of them.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: quoted when it holds a separator, a quote or a line break; empty for null. A text
 * cell that a spreadsheet would run as a formula gets a leading `'`, so it is shown, never run. Cells
 * Bro writes as numbers stay numbers (a negative figure is not a formula); only text is neutralised,
 * whatever it looks like.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' || typeof value === 'bigint' ? String(value) : neutralised(String(value));
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function neutralised(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One CSV line. With `decimalComma`, numbers are written as Norwegian Excel reads them ("3,5"): with
 * `;` as the separator they need no quotes, and a spreadsheet in bokmål takes them as numbers.
 */
export function csvLine(values: unknown[], separator = ',', decimalComma = false): string {
  return values.map((value) => (decimalComma && typeof value === 'number' ? String(value).replace('.', ',') : csvCell(value))).join(separator);
}
