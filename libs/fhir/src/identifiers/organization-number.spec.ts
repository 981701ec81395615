import { generateOrganisasjonsnummer, isValidOrganisasjonsnummer, organisasjonsnummerProblem } from './organization-number';

describe('organisasjonsnummer', () => {
  // Brønnøysundregistrene's own number, and the demo organisations' numbers.
  const valid = ['974760673', '910000012', '910000020', '910000039'];

  it.each(valid)('accepts %s', (value) => {
    expect(isValidOrganisasjonsnummer(value)).toBe(true);
  });

  it.each(valid.flatMap((value) => [8, 0, 4].map((at) => value.slice(0, at) + String((Number(value[at]) + 1) % 10) + value.slice(at + 1))))(
    'refuses %s (one digit changed)',
    (value) => {
      expect(organisasjonsnummerProblem(value)).toBe('check-digit');
    },
  );

  it('refuses numbers whose check digit would be 10', () => {
    // Find eight digits whose check digit would be 10; no ninth digit can then make them valid.
    const weights = [3, 2, 7, 6, 5, 4, 3, 2];
    let tenth: string | undefined;
    for (let n = 91000000; n < 91000100 && !tenth; n++) {
      const digits = String(n);
      const sum = weights.reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
      if (11 - (sum % 11) === 10) tenth = digits;
    }
    expect(tenth).toBeDefined();
    for (let last = 0; last <= 9; last++) expect(isValidOrganisasjonsnummer(`${tenth}${last}`)).toBe(false);
  });

  it('refuses anything but nine digits', () => {
    for (const value of ['97476067', '9747606731', '974 760 673', 'NO974760673', '', undefined, 974760673]) {
      expect(organisasjonsnummerProblem(value)).toBe('format');
    }
  });

  it('generates valid numbers, deterministically for a given random source', () => {
    let state = 1;
    const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 500; i++) expect(isValidOrganisasjonsnummer(generateOrganisasjonsnummer(random))).toBe(true);
    for (const constant of [0, 0.25, 0.5, 0.75, 0.9999]) expect(isValidOrganisasjonsnummer(generateOrganisasjonsnummer(() => constant))).toBe(true);
  });
});
