/** One CSV cell: quoted when it holds a separator, a quote or a line break; empty for null. */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[], separator = ','): string {
  return values.map(csvCell).join(separator);
}
