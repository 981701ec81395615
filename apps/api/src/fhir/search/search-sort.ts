import { DomainError } from '../../common/errors/domain-error';
import { SearchParameterDefinition } from './search-parameter';
import { searchParameterRegistry } from './search-parameter.registry';
import { SortKey } from './search-request';

/** Enough for any order a worklist needs; each key adds a column to every page's comparison. */
export const MAX_SORT_KEYS = 4;

/** Kinds sorted by their text: single-valued codes and strings (a resource with several has no one place in the order). */
const TEXT_SORT_KINDS: readonly string[] = ['token', 'string'];

/** How many characters of a code or string the order looks at. */
export const TEXT_SORT_PREFIX = 128;

/** Newest first: what every list in Bro shows unless the client asks otherwise. */
export const DEFAULT_SORT: SortKey[] = [{ name: '_lastUpdated', descending: true, valueKind: 'instant', expression: 'last_updated' }];

/** Whether `_sort` takes the parameter: dates, and codes and strings a resource has one of. */
export function isSortable(parameter: SearchParameterDefinition): boolean {
  return parameter.kind === 'date' || (!parameter.multiple && TEXT_SORT_KINDS.includes(parameter.kind));
}

function sortKey(resourceType: string, raw: string): SortKey {
  const descending = raw.startsWith('-');
  const name = descending ? raw.slice(1) : raw;
  if (name === '_lastUpdated') return { name, descending, valueKind: 'instant', expression: 'last_updated' };
  if (name === '_id') return { name, descending, valueKind: 'id', expression: 'id' };
  const parameter = searchParameterRegistry.parameter(resourceType, name);
  // A missing value takes a stand-in that sorts before every real one, so the sort expression is never
  // NULL: a page cursor then always holds a value, and keyset comparisons never skip or repeat a row.
  if (parameter?.kind === 'date') {
    return { name, descending, valueKind: 'instant', expression: `COALESCE("${parameter.column}_start", '-infinity'::timestamptz)` };
  }
  if (parameter && isSortable(parameter)) {
    // Ordered by the first characters only, so a cursor stays short: longer values tie there and the id decides.
    return { name, descending, valueKind: 'text', expression: `left(COALESCE("${parameter.column}", ''), ${TEXT_SORT_PREFIX})` };
  }
  throw DomainError.badRequest(
    `_sort: cannot sort ${resourceType} by "${name}"; use _lastUpdated, _id, a date parameter or a single-valued token or string parameter`,
    '_sort',
  );
}

/** `_sort=status,-date`: keys in priority order, each ascending unless prefixed with `-`. */
export function parseSort(resourceType: string, raw: string): SortKey[] {
  const parts = raw.split(',');
  if (parts.some((part) => part === '' || part === '-')) throw DomainError.badRequest(`_sort: "${raw}" has an empty key`, '_sort');
  if (parts.length > MAX_SORT_KEYS) throw DomainError.badRequest(`_sort: at most ${MAX_SORT_KEYS} keys`, '_sort');
  const keys = parts.map((part) => sortKey(resourceType, part));
  const names = keys.map((key) => key.name);
  if (new Set(names).size !== names.length) throw DomainError.badRequest(`_sort: "${raw}" names a key twice`, '_sort');
  return keys;
}

/** One column of a keyset position: its SQL, the bound value it is compared with, and its direction. */
export interface KeysetColumn {
  sql: string;
  value: string;
  descending: boolean;
}

/**
 * Rows strictly after a position in the order the columns give (the last column being the unique id).
 * When every column runs the same way, one row comparison (which an index can answer); with mixed
 * directions, the expanded form: `a > x OR (a = x AND b < y) OR (a = x AND b = y AND id > z)`.
 */
export function keysetAfter(columns: KeysetColumn[]): string {
  const after = (column: KeysetColumn) => (column.descending ? '<' : '>');
  if (columns.every((column) => column.descending === columns[0].descending)) {
    const left = columns.map((column) => column.sql).join(', ');
    const right = columns.map((column) => column.value).join(', ');
    return `(${left}) ${after(columns[0])} (${right})`;
  }
  const alternatives = columns.map((column, index) => {
    const equalBefore = columns.slice(0, index).map((earlier) => `${earlier.sql} = ${earlier.value}`);
    return `(${[...equalBefore, `${column.sql} ${after(column)} ${column.value}`].join(' AND ')})`;
  });
  return `(${alternatives.join(' OR ')})`;
}

/** The SQL type a cursor's value for this key is cast to before comparing. */
export function sortValueCast(key: SortKey): string {
  return key.valueKind === 'instant' ? 'timestamptz' : 'text';
}
