import { DomainError } from '../../common/errors/domain-error';
import { parseFhirDateRange } from './fhir-date-range';
import { SearchCursor } from './search-request';

/**
 * Page cursors are opaque to clients: the last row's sort key and id, base64url-encoded JSON.
 *
 * A cursor only says where the next page starts; what a caller may see is decided by the search's own
 * access condition on every page. So cursors are not signed, but everything read from one is checked
 * strictly (shape, types, an id's syntax, a timestamp's calendar) before it reaches SQL: a forged or
 * damaged cursor answers 400, never a database error.
 */
export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.direction === 'next' ? 'n' : 'p', cursor.sortValue, cursor.id])).toString('base64url');
}

/** Longer than any cursor Bro writes (about 120 characters), short enough to decode without a second thought. */
export const MAX_CURSOR_LENGTH = 512;

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

export function decodeCursor(raw: string): SearchCursor {
  const value = decodeCursorJson(raw);
  if (!Array.isArray(value) || value.length !== 3) throw invalidCursor('not a cursor Bro wrote');
  const [direction, sortValue, id] = value as unknown[];
  if (direction !== 'n' && direction !== 'p') throw invalidCursor('unknown direction');
  if (typeof sortValue !== 'string' || sortValue.length > 64) throw invalidCursor('no position');
  if (typeof id !== 'string' || !RESOURCE_ID.test(id)) throw invalidCursor('no resource id');
  return { direction: direction === 'n' ? 'next' : 'previous', sortValue, id };
}

/** The cursor's position must be of the sort's kind: an id when sorting by `_id`, an instant otherwise. */
export function assertCursorFitsSort(cursor: SearchCursor, sortName: string): void {
  const fits = sortName === '_id' ? RESOURCE_ID.test(cursor.sortValue) : isTimestampText(cursor.sortValue);
  if (!fits) throw invalidCursor(`its position does not belong to a search sorted by ${sortName}`);
}
