import { FOLDED_SEPARATOR, foldForSearch, foldedSearchText } from './string-folding';

describe('string search folding', () => {
  it('ignores case and accents, Nordic letters included', () => {
    expect(foldForSearch('Sørensen')).toBe('sorensen');
    expect(foldForSearch('ØYSTEIN')).toBe('oystein');
    expect(foldForSearch('Ålesund')).toBe('alesund');
    expect(foldForSearch('Sæther')).toBe('saether');
    expect(foldForSearch('Müller-Lüdenscheidt')).toBe('muller-ludenscheidt');
    expect(foldForSearch('José Ñúñez')).toBe('jose nunez');
    expect(foldForSearch('Straße')).toBe('strasse');
    expect(foldForSearch('Łódź')).toBe('lodz');
  });

  it('folds the decomposed and the composed spelling of a letter alike', () => {
    expect(foldForSearch('A\u030alesund')).toBe(foldForSearch('\u00c5lesund'));
  });

  it('takes compatibility forms (ligatures, full-width letters) as their plain letters', () => {
    expect(foldForSearch('ﬁnn')).toBe('finn');
    expect(foldForSearch('ＯＬＥ')).toBe('ole');
  });

  it('collapses whitespace and control characters, so no value can hold the separator', () => {
    expect(foldForSearch('  Ole \t\n Hansen ')).toBe('ole hansen');
    expect(foldForSearch(`Ole${FOLDED_SEPARATOR}Hansen`)).toBe('ole hansen');
  });

  it('joins a resource’s distinct folded values, each after the separator, or null when there are none', () => {
    expect(foldedSearchText(['Olsen', 'OLSEN', 'Kari'])).toBe(`${FOLDED_SEPARATOR}olsen${FOLDED_SEPARATOR}kari${FOLDED_SEPARATOR}`);
    expect(foldedSearchText([' ', ''])).toBeNull();
    expect(foldedSearchText([])).toBeNull();
  });
});
