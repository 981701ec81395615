import { DomainError } from '../common/errors/domain-error';

/** A parsed query string as Express hands it over: strings, or arrays and objects when a name is repeated or nested. */
export type QueryParams = Record<string, unknown>;

/** The highest page number an offset-paged list serves: deeper than anyone pages by hand, small enough to stay an index scan. */
export const MAX_PAGE = 10_000;

/** 400 naming the parameters an endpoint does not take: unknown filters are refused, never ignored. */
export function refuseUnknownParams(query: QueryParams, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((name) => !known.includes(name));
  if (unknown.length) throw DomainError.badRequest(`unknown parameter ${unknown.join(', ')}; this list takes ${known.join(', ')}`, unknown[0]);
}

/** One query parameter's text: undefined when absent or empty, 400 when repeated (`?a=1&a=2`) or nested (`?a[b]=1`). */
export function queryText(query: QueryParams, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw DomainError.badRequest(`${name} is given once, as plain text`, name);
  return value;
}

/**
 * A whole number from `min` to `max` (decimal digits only): `1e20`, `-1`, `2.5`, `0x10`, `NaN`, a NUL
 * character or a number past `max` answer 400 with the range, never reach SQL.
 */
export function queryWholeNumber(query: QueryParams, name: string, range: { min: number; max: number; fallback: number }): number {
  const text = queryText(query, name);
  if (text === undefined) return range.fallback;
  const digits = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!(digits >= range.min && digits <= range.max)) throw DomainError.badRequest(`${name} must be a whole number from ${range.min} to ${range.max}`, name);
  return digits;
}

/** `page` (from 1) and `pageSize` of an offset-paged list. */
export function readPaging(query: QueryParams, size: { fallback: number; max: number }): { page: number; pageSize: number } {
  return {
    page: queryWholeNumber(query, 'page', { min: 1, max: MAX_PAGE, fallback: 1 }),
    pageSize: queryWholeNumber(query, 'pageSize', { min: 1, max: size.max, fallback: size.fallback }),
  };
}

/**
 * `count` and `cursor` of a keyset-paged list. The cursor is opaque to callers: whatever `decode`
 * cannot read as a cursor Bro gave out (garbled, forged, truncated) answers 400.
 */
export function readKeysetPaging<Cursor>(query: QueryParams, size: { fallback: number; max: number }, decode: (text: string) => Cursor | undefined): { count: number; cursor?: Cursor } {
  const count = queryWholeNumber(query, 'count', { min: 1, max: size.max, fallback: size.fallback });
  const text = queryText(query, 'cursor');
  if (text === undefined) return { count };
  const cursor = decode(text);
  if (cursor === undefined) throw DomainError.badRequest('cursor is not one Bro gave out; start again without it', 'cursor');
  return { count, cursor };
}
