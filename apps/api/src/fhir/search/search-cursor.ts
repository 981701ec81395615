import { DomainError } from '../../common/errors/domain-error';
import { parseFhirDateRange } from './fhir-date-range';
import { SearchCursor, SortKey } from './search-request';
import { MAX_SORT_KEYS, TEXT_SORT_PREFIX } from './search-sort';

/**
 * Page cursors are opaque to clients: the last row's sort key and id, base64url-encoded JSON.
 *
 * A cursor only says where the next page starts; what a caller may see is decided by the search's own
 * access condition on every page. So cursors are not signed, but everything read from one is checked
 * strictly (shape, types, an id's syntax, a timestamp's calendar) before it reaches SQL: a forged or
 * damaged cursor answers 400, never a database error.
 */
export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.direction === 'next' ? 'n' : 'p', cursor.sortValues, cursor.id])).toString('base64url');
}

/** Longer than any cursor Bro writes (four sort values and an id), short enough to decode without a second thought. */
export const MAX_CURSOR_LENGTH = 4096;
/** The order compares TEXT_SORT_PREFIX characters at most (twice as many UTF-16 units); a longer value is no position Bro wrote. */
const MAX_SORT_VALUE_LENGTH = 2 * TEXT_SORT_PREFIX;

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
/** A FHIR id, which is also every id Bro stores. */
export const RESOURCE_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** A timestamptz as PostgreSQL prints it (`2026-11-23 10:15:30.25+01`), or an ISO instant. */
const TIMESTAMP_TEXT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}(?::\d{2}){0,2})?$/;

/** Whether a cursor's position is a real instant (or an open end of a period): safe to cast to timestamptz. */
export function isTimestampText(value: string): boolean {
  if (value === 'infinity' || value === '-infinity') return true;
  const match = TIMESTAMP_TEXT.exec(value);
  if (!match) return false;
  const [, date, hour, minute, second] = match;
  return parseFhirDateRange(date) !== undefined && Number(hour) <= 23 && Number(minute) <= 59 && Number(second) <= 59;
}

/** The JSON inside a cursor, or undefined when the text is not a cursor's base64url at all. */
export function decodeCursorJson(raw: string): unknown {
  if (raw.length > MAX_CURSOR_LENGTH || !BASE64URL.test(raw)) return undefined;
  try {
    return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function invalidCursor(reason: string): DomainError {
  return DomainError.badRequest(`_cursor is not a valid page cursor (${reason}); follow the links of a searchset Bundle`, '_cursor');
}

/**
 * A cursor's position: one value per sort key. Cursors written before sorting took several keys hold
 * one value as a plain string; they still read, as the position of a one-key sort.
 */
function sortValuesOf(raw: unknown): string[] {
  const values = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(values) || values.length === 0 || values.length > MAX_SORT_KEYS) throw invalidCursor('no position');
  for (const value of values as unknown[]) {
    if (typeof value !== 'string' || value.length > MAX_SORT_VALUE_LENGTH || value.includes('\u0000')) throw invalidCursor('no position');
  }
  return values as string[];
}

export function decodeCursor(raw: string): SearchCursor {
  const value = decodeCursorJson(raw);
  if (!Array.isArray(value) || value.length !== 3) throw invalidCursor('not a cursor Bro wrote');
  const [direction, position, id] = value as unknown[];
  if (direction !== 'n' && direction !== 'p') throw invalidCursor('unknown direction');
  const sortValues = sortValuesOf(position);
  if (typeof id !== 'string' || !RESOURCE_ID.test(id)) throw invalidCursor('no resource id');
  return { direction: direction === 'n' ? 'next' : 'previous', sortValues, id };
}

function fitsKey(value: string, key: SortKey): boolean {
  switch (key.valueKind) {
    case 'id':
      return RESOURCE_ID.test(value);
    case 'instant':
      return isTimestampText(value);
    case 'text':
      return true;
  }
}

/** The cursor's position must be the sort's: one value per key, each of its key's kind (an id, an instant, text). */
export function assertCursorFitsSort(cursor: SearchCursor, sort: SortKey[]): void {
  const fits = cursor.sortValues.length === sort.length && sort.every((key, index) => fitsKey(cursor.sortValues[index], key));
  if (!fits) throw invalidCursor(`its position does not belong to a search sorted by ${sort.map((key) => key.name).join(',')}`);
}
