import { DomainError } from '../../common/errors/domain-error';
import { SearchParameterDefinition } from './search-parameter';
import { SqlParamsLike } from './search-request';
import { FOLDED_SEPARATOR, foldForSearch } from './string-folding';

/**
 * How a string parameter is stored and matched. Each has two columns: the values as written (NFC),
 * for `:exact`, and the folded values joined in one text (see `foldedSearchText`) under a trigram
 * index, for the default "starts with" and for `:contains`. The trigram index finds `:exact`
 * candidates too (the folded whole value), so the values as written need no index of their own: a
 * b-tree or GIN entry would also refuse a value longer than a third of a page, failing the write.
 */
export const STRING_MODIFIERS = ['exact', 'contains'];

export function foldedColumnOf(column: string): string {
  return `${column}_folded`;
}

/**
 * `:exact` is case- and accent-sensitive, but the same letters encoded two ways (Å as one code point
 * or as A and a combining ring) are the same text to anyone who reads them.
 */
export function exactStringValue(value: string): string {
  return value.normalize('NFC');
}

/** A value that folds to nothing (spaces, lone accents) would match every resource: refused instead. */
export function assertSearchableString(key: string, value: string): void {
  if (foldForSearch(value) === '') throw DomainError.badRequest(`${key}: "${value}" has no letters or digits to search for`, key);
}

/** The user's text taken literally inside a LIKE pattern (backslash is PostgreSQL's LIKE escape). */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** The condition for one occurrence of a string parameter: its values OR-ed. */
export function stringCondition(
  parameter: SearchParameterDefinition,
  modifier: string | undefined,
  values: string[],
  params: SqlParamsLike,
): string {
  const folded = `"${foldedColumnOf(parameter.column)}"`;
  if (modifier === 'exact') {
    const column = `"${parameter.column}"`;
    const ors = values.map((value) => {
      const candidates = `${folded} LIKE ${params.add(`%${FOLDED_SEPARATOR}${likeLiteral(foldForSearch(value))}${FOLDED_SEPARATOR}%`)}::text`;
      const exact = params.add(exactStringValue(value));
      return `(${candidates} AND ${parameter.multiple ? `${exact}::text = ANY(${column})` : `${column} = ${exact}::text`})`;
    });
    return ors.length === 1 ? ors[0] : `(${ors.join(' OR ')})`;
  }
  // Starts with: right after a separator, i.e. at the start of one of the resource's strings; contains: anywhere.
  const start = modifier === 'contains' ? '%' : `%${FOLDED_SEPARATOR}`;
  // One LIKE per value, OR-ed: each is a bitmap scan of the trigram index, and PostgreSQL ORs the bitmaps.
  const ors = values.map((value) => `${folded} LIKE ${params.add(`${start}${likeLiteral(foldForSearch(value))}%`)}::text`);
  return ors.length === 1 ? ors[0] : `(${ors.join(' OR ')})`;
}
