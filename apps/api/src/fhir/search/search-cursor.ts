import { FhirError } from '../errors/fhir-error';
import { SearchCursor } from './search-request';

/** Page cursors are opaque to clients: the last row's sort key and id, base64url-encoded JSON. */
export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.direction === 'next' ? 'n' : 'p', cursor.sortValue, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string): SearchCursor {
  try {
    const [direction, sortValue, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if ((direction === 'n' || direction === 'p') && typeof sortValue === 'string' && typeof id === 'string') {
      return { direction: direction === 'n' ? 'next' : 'previous', sortValue, id };
    }
  } catch {
    // fall through to the error below
  }
  throw FhirError.badRequest('_cursor is not a valid page cursor; follow the links of a searchset Bundle', '_cursor');
}
