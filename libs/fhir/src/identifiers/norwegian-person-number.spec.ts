import {
  birthDateFromPersonNumber,
  generateDNummer,
  generateFodselsnummer,
  isValidDNummer,
  isValidFodselsnummer,
  personNumberProblem,
} from './norwegian-person-number';

/** The same digit with 1 added (9 wraps to 0): one digit changed. */
function changeDigit(value: string, at: number): string {
  return value.slice(0, at) + String((Number(value[at]) + 1) % 10) + value.slice(at + 1);
}

/** Mulberry32, so the generator tests draw the same numbers every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// All synthetic (month + 80) except one for 1855, a birth year no one alive today has.
const VALID_FODSELSNUMMER = ['04835000023', '17859010067', '29820050043', '01015550089'];
const VALID_D_NUMMER = ['57859010050', '44835007852'];

describe('fødselsnummer', () => {
  it.each(VALID_FODSELSNUMMER)('accepts %s', (value) => {
    expect(isValidFodselsnummer(value)).toBe(true);
    expect(personNumberProblem(value, 'fodselsnummer')).toBeUndefined();
  });

  it.each(VALID_FODSELSNUMMER.flatMap((value) => [9, 10, 0, 4].map((at) => [changeDigit(value, at), at])))(
    'refuses %s (digit %i changed)',
    (value) => {
      expect(isValidFodselsnummer(value)).toBe(false);
    },
  );

  it('tells a wrong check digit from a bad date and a bad format', () => {
    expect(personNumberProblem('04835000024', 'fodselsnummer')).toBe('check-digits');
    expect(personNumberProblem('29820150064', 'fodselsnummer')).toBe('birth-date'); // 29 February 2001 (right check digits)
    expect(personNumberProblem('01939010110', 'fodselsnummer')).toBe('birth-date'); // month 13
    expect(personNumberProblem('01509010087', 'fodselsnummer')).toBe('birth-date'); // month + 40 is not a fødselsnummer
    for (const value of ['0483500002', '048350000233', '0483500002a', ' 04835000023', '048350-00023', '', undefined, null, 4835000023]) {
      expect(personNumberProblem(value, 'fodselsnummer')).toBe('format');
    }
  });

  it('does not take a D-nummer as a fødselsnummer, nor the reverse', () => {
    for (const value of VALID_D_NUMMER) expect(isValidFodselsnummer(value)).toBe(false);
    for (const value of VALID_FODSELSNUMMER) expect(isValidDNummer(value)).toBe(false);
  });
});

describe('D-nummer', () => {
  it.each(VALID_D_NUMMER)('accepts %s', (value) => {
    expect(isValidDNummer(value)).toBe(true);
  });

  it.each(VALID_D_NUMMER.flatMap((value) => [9, 10, 1].map((at) => [changeDigit(value, at)])))('refuses %s (one digit changed)', (value) => {
    expect(isValidDNummer(value)).toBe(false);
  });
});

describe('birth date from a person number', () => {
  it.each([
    ['04835000023', '1950-03-04'],
    ['17859010067', '1990-05-17'],
    ['29820050043', '2000-02-29'],
    ['01015550089', '1855-01-01'],
    ['57859010050', '1990-05-17'],
    ['44835007852', '1950-03-04'],
  ])('%s was born %s', (value, birthDate) => {
    expect(birthDateFromPersonNumber(value)).toBe(birthDate);
  });

  it('is undefined for invalid numbers', () => {
    expect(birthDateFromPersonNumber('04835000024')).toBeUndefined();
    expect(birthDateFromPersonNumber('hello')).toBeUndefined();
  });
});

describe('generating synthetic numbers', () => {
  const random = seeded(42);
  const dates = ['1854-06-30', '1899-12-31', '1900-01-01', '1939-07-14', '1940-02-29', '1967-11-05', '1999-12-31', '2000-02-29', '2024-01-31', '2039-12-31'];

  it.each(dates)('makes a valid fødselsnummer and D-nummer for someone born %s', (date) => {
    for (let i = 0; i < 25; i++) {
      const fodselsnummer = generateFodselsnummer(new Date(`${date}T00:00:00Z`), random);
      expect(isValidFodselsnummer(fodselsnummer)).toBe(true);
      expect(birthDateFromPersonNumber(fodselsnummer)).toBe(date);
      const dNummer = generateDNummer(date, random);
      expect(isValidDNummer(dNummer)).toBe(true);
      expect(birthDateFromPersonNumber(dNummer)).toBe(date);
    }
  });

  it('always marks them synthetic (month + 80), so they cannot be a real person', () => {
    const fodselsnummer = generateFodselsnummer('1975-04-09', random);
    const dNummer = generateDNummer('1975-04-09', random);
    expect(fodselsnummer.slice(0, 6)).toBe('098475');
    expect(dNummer.slice(0, 6)).toBe('498475');
  });

  it('is deterministic for a given random source and copes with a degenerate one', () => {
    expect(generateFodselsnummer('1980-01-01', seeded(7))).toBe(generateFodselsnummer('1980-01-01', seeded(7)));
    for (const constant of [0, 0.5, 0.999999]) {
      expect(isValidFodselsnummer(generateFodselsnummer('1980-01-01', () => constant))).toBe(true);
    }
  });

  it('reads a Date in UTC', () => {
    expect(generateFodselsnummer(new Date(Date.UTC(1980, 0, 1)), random).slice(0, 6)).toBe('018180');
  });

  it('refuses birth years a fødselsnummer cannot encode, and non-dates', () => {
    expect(() => generateFodselsnummer('1853-12-31', random)).toThrow(RangeError);
    expect(() => generateFodselsnummer('2040-01-01', random)).toThrow(RangeError);
    expect(() => generateFodselsnummer('2001-02-29', random)).toThrow(RangeError);
    expect(() => generateFodselsnummer(new Date('not a date'), random)).toThrow(RangeError);
  });
});
