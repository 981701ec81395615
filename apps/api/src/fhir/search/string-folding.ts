/**
 * How string search values are normalised, the same way on write and on search, so that FHIR's
 * "case- and accent-insensitive" match becomes a plain comparison PostgreSQL can index.
 *
 * Accents go the Unicode way (NFKD, then the combining marks dropped: é→e, å→a, ü→u, and
 * compatibility forms such as ligatures and full-width letters fall apart into plain letters too).
 * Some letters carry their "accent" inside the letter and Unicode does not decompose them; a search
 * in Bergen meets these constantly, so they are folded by hand:
 *
 * - ø → o: a stroked o, as å is a ringed a. "Sorensen" finds Sørensen and "Ostein" finds Øystein's
 *   neighbours, just as "Alesund" finds Ålesund; o and a are what an ASCII keyboard or a foreign
 *   system leaves of them. (The transliterations oe and aa are not matched: folding cannot do both.)
 * - æ → ae, œ → oe, ß → ss, þ → th: ligatures and digraph letters, written out as people write them
 *   without the letter (Sæther is spelled Saether, never Sather).
 * - đ/ð → d, ł → l, ı → i: stroked and dotless letters, as ø.
 *
 * Whitespace and control characters collapse to one space, so no folded value can contain
 * {@link FOLDED_SEPARATOR}, which joins a resource's values in its one indexed column.
 */
const UNDECOMPOSED: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  þ: 'th',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ı: 'i',
};

const UNDECOMPOSED_PATTERN = new RegExp(`[${Object.keys(UNDECOMPOSED).join('')}]`, 'g');

/** Between a resource's folded values in the search column; folding turns every control character into a space. */
export const FOLDED_SEPARATOR = '\u001f';

export function foldForSearch(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(UNDECOMPOSED_PATTERN, (letter) => UNDECOMPOSED[letter])
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
}

/**
 * A resource's values for one string parameter as one text: each folded value between separators.
 * "Starts with" becomes `LIKE '%<sep>value%'`, "contains" `LIKE '%value%'` and a whole value
 * `LIKE '%<sep>value<sep>%'`, and one trigram index over the column serves all three. Null when
 * there is nothing to search.
 */
export function foldedSearchText(values: string[]): string | null {
  const folded = [...new Set(values.map(foldForSearch).filter((value) => value !== ''))];
  return folded.length ? `${FOLDED_SEPARATOR}${folded.join(FOLDED_SEPARATOR)}${FOLDED_SEPARATOR}` : null;
}
