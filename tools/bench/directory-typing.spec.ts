import { keystrokes, typedPart } from './directory-typing';

describe('typing into the directory search box', () => {
  it('types each name from its second character on, ending on the part a person would type', () => {
    const typed = keystrokes(['Geriatrisk avdeling, Voss sykehus'], 15, 1, 0);
    expect(typed.map((k) => k.q)).toEqual(['Ge', 'Ger', 'Geri', 'Geria', 'Geriat', 'Geriatr', 'Geriatri', 'Geriatris', 'Geriatrisk', 'Geriatrisk a', 'Geriatrisk av', 'Geriatrisk avd', 'Geriatrisk avde', 'Geriatrisk avdel', 'Ge']);
    expect(typed.filter((k) => k.last)).toHaveLength(1);
    expect(typedPart('Kari Hansen')).toBe('Kari Hansen');
  });

  it('slips on about the share of names asked, and is the same for the same seed', () => {
    const names = ['Hjemmesykepleien Åsane', 'Haukeland universitetssjukehus', 'Ørsta legesenter', 'Kari Hansen', 'Medisinsk avdeling, Førde sykehus'];
    const typed = keystrokes(names, 5000, 7);
    const last = typed.filter((k) => k.last);
    const slipped = last.filter((k) => k.typo).length / last.length;
    expect(slipped).toBeGreaterThan(0.2);
    expect(slipped).toBeLessThan(0.4);
    expect(keystrokes(names, 5000, 7)).toEqual(typed);
  });
});
