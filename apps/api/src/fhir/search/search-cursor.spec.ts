import { DomainError } from '../../common/errors/domain-error';
import { MAX_CURSOR_LENGTH, assertCursorFitsSort, decodeCursor, encodeCursor, isTimestampText } from './search-cursor';
import { parseSort } from './search-sort';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function refusal(call: () => unknown): DomainError {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('search cursors', () => {
  it('reads back what it wrote', () => {
    const cursor = { direction: 'next' as const, sortValues: ['2026-11-23 10:15:30.25+00'], id: 'a1b2-c3.d4' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(() => assertCursorFitsSort(cursor, parseSort('Task', '_lastUpdated'))).not.toThrow();
    expect(() => assertCursorFitsSort({ ...cursor, sortValues: ['some-id'] }, parseSort('Task', '_id'))).not.toThrow();
    expect(() => assertCursorFitsSort({ ...cursor, sortValues: ['-infinity'] }, parseSort('Task', 'authored-on'))).not.toThrow();
  });

  it('carries one position per sort key, text (even empty, for a missing code) included', () => {
    const cursor = { direction: 'previous' as const, sortValues: ['', '2026-11-23 10:15:30+00', 'abc'], id: 'x1' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(() => assertCursorFitsSort(cursor, parseSort('Task', 'status,-authored-on,_id'))).not.toThrow();
  });

  it('still reads a cursor written when a sort had one key', () => {
    const old = b64(['n', '2026-11-23 10:15:30+00', 'abc']);
    expect(decodeCursor(old)).toEqual({ direction: 'next', sortValues: ['2026-11-23 10:15:30+00'], id: 'abc' });
  });

  it.each([
    ['base64 garbage', '!!!not-base64!!!'],
    ['base64 of no JSON', b64('hello')],
    ['JSON of the wrong shape', b64({ direction: 'n' })],
    ['too few parts', b64(['n', 'x'])],
    ['wrong types', b64(['n', 5, 7])],
    ['an unknown direction', b64(['x', '2026-01-01 00:00:00+00', 'abc'])],
    ['a NUL in the id', b64(['n', '2026-01-01 00:00:00+00', 'a\u0000'])],
    ['an id no resource has', b64(['n', '2026-01-01 00:00:00+00', 'x'.repeat(65)])],
    ['a long position', b64(['n', ['x'.repeat(257)], 'abc'])],
    ['no position at all', b64(['n', [], 'abc'])],
    ['more positions than sort keys can have', b64(['n', ['a', 'b', 'c', 'd', 'e'], 'abc'])],
    ['a position that is not text', b64(['n', [3], 'abc'])],
    ['a NUL in a position', b64(['n', ['a\u0000'], 'abc'])],
    ['more than the maximum length', 'A'.repeat(MAX_CURSOR_LENGTH + 1)],
    ['nothing', ''],
  ])('refuses %s with 400', (_what, raw) => {
    const error = refusal(() => decodeCursor(raw));
    expect(error.status).toBe(400);
    expect(error.issues[0].diagnostics).toMatch(/_cursor is not a valid page cursor/);
  });

  it('refuses a position that does not belong to the sort order', () => {
    const cursor = { direction: 'next' as const, sortValues: ['2026-11-23 10:15:30+00'], id: 'abc' };
    expect(refusal(() => assertCursorFitsSort(cursor, parseSort('Task', '_id'))).status).toBe(400);
    expect(refusal(() => assertCursorFitsSort({ ...cursor, sortValues: ['some-id'] }, parseSort('Task', '_lastUpdated'))).status).toBe(400);
    // One value for a two-key sort, and an instant where text is enough but the id is not.
    expect(refusal(() => assertCursorFitsSort(cursor, parseSort('Task', 'status,_lastUpdated'))).status).toBe(400);
    expect(refusal(() => assertCursorFitsSort({ ...cursor, sortValues: ['requested', 'no-instant'] }, parseSort('Task', 'status,_lastUpdated'))).status).toBe(400);
  });

  it.each([
    ['2026-11-23 10:15:30.123456+00', true],
    ['2026-11-23 10:15:30+05:30', true],
    ['2026-11-23T10:15:30Z', true],
    ['infinity', true],
    ['0000-01-01 00:00:00+00', false],
    ['1960-02-30 00:00:00+00', false],
    ['2026-11-23 24:00:00+00', false],
    ['2026-11-23', false],
    ["2026-11-23 10:15:30+00'; DROP TABLE x; --", false],
  ])('reads %s as an instant: %s', (value, expected) => {
    expect(isTimestampText(value)).toBe(expected);
  });
});
