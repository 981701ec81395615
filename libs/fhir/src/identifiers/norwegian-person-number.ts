/**
 * Fødselsnummer and D-nummer: DDMMYY III K1 K2. Six digits of birth date, a three-digit individual
 * number (odd ninth digit for men, even for women) and two modulus 11 check digits.
 *
 * - A D-nummer has 4 added to its first digit, so the day reads 41–71.
 * - Synthetic test numbers (Skatteetaten's «syntetiske fødselsnumre», used in Tenor and across the
 *   Norwegian health sector's test environments) have 80 added to the month, so it reads 81–92.
 *   Real people's numbers never do, which is why the generators below only ever produce these.
 * - The individual number says which century the person was born in (see {@link birthYearOf}).
 *   Validation accepts every individual number; only the birth date lookup needs the century.
 */
import { mod11CheckDigit } from './mod11';

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
const ELEVEN_DIGITS = /^\d{11}$/;
const D_NUMMER_DAY_OFFSET = 40;
const SYNTHETIC_MONTH_OFFSET = 80;

export type PersonNumberKind = 'fodselsnummer' | 'dNummer';

/** Why a string is not a valid fødselsnummer or D-nummer. */
export type PersonNumberProblem = 'format' | 'check-digits' | 'birth-date';

interface BirthDateParts {
  readonly year: number | undefined;
  readonly month: number;
  readonly day: number;
}

function twoDigits(value: string, at: number): number {
  return (value.charCodeAt(at) - 48) * 10 + (value.charCodeAt(at + 1) - 48);
}

/**
 * The birth year a fødselsnummer or D-nummer encodes, from the two-digit year and the individual
 * number (Skatteetaten's rules); undefined for the combinations that are not in use.
 */
export function birthYearOf(yearOfCentury: number, individualNumber: number): number | undefined {
  if (individualNumber <= 499) return 1900 + yearOfCentury;
  if (individualNumber <= 749 && yearOfCentury >= 54) return 1800 + yearOfCentury;
  if (yearOfCentury <= 39) return 2000 + yearOfCentury;
  if (individualNumber >= 900) return 1900 + yearOfCentury;
  return undefined;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** The date in the first six digits, undoing the D-nummer and synthetic offsets; undefined if it is no real date. */
function birthDateParts(value: string, kind: PersonNumberKind): BirthDateParts | undefined {
  let day = twoDigits(value, 0);
  let month = twoDigits(value, 2);
  const yearOfCentury = twoDigits(value, 4);
  const individualNumber = Number(value.slice(6, 9));
  if (kind === 'dNummer') {
    if (day <= D_NUMMER_DAY_OFFSET) return undefined;
    day -= D_NUMMER_DAY_OFFSET;
  }
  if (month > SYNTHETIC_MONTH_OFFSET) month -= SYNTHETIC_MONTH_OFFSET;
  if (month < 1 || month > 12 || day < 1) return undefined;
  const year = birthYearOf(yearOfCentury, individualNumber);
  // Where the individual number fits no century, 1900 + YY has the same leap years (YY ≥ 40 there).
  if (day > daysInMonth(year ?? 1900 + yearOfCentury, month)) return undefined;
  return { year, month, day };
}

/** What is wrong with a fødselsnummer or D-nummer, or undefined if it is valid. Check digits are checked before the date. */
export function personNumberProblem(value: unknown, kind: PersonNumberKind): PersonNumberProblem | undefined {
  if (typeof value !== 'string' || !ELEVEN_DIGITS.test(value)) return 'format';
  const k1 = mod11CheckDigit(value, K1_WEIGHTS);
  const k2 = mod11CheckDigit(value, K2_WEIGHTS);
  if (k1 === undefined || k2 === undefined || value.charCodeAt(9) - 48 !== k1 || value.charCodeAt(10) - 48 !== k2) return 'check-digits';
  return birthDateParts(value, kind) ? undefined : 'birth-date';
}

/** A valid fødselsnummer: 11 digits, both check digits right, a real birth date (synthetic +80 months accepted). */
export function isValidFodselsnummer(value: unknown): value is string {
  return personNumberProblem(value, 'fodselsnummer') === undefined;
}

/** A valid D-nummer: as a fødselsnummer, but with the day + 40 (41–71). */
export function isValidDNummer(value: unknown): value is string {
  return personNumberProblem(value, 'dNummer') === undefined;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * The birth date (YYYY-MM-DD) in a valid fødselsnummer or D-nummer (told apart by the first digit),
 * or undefined if the number is invalid or its individual number fits no century.
 */
export function birthDateFromPersonNumber(value: unknown): string | undefined {
  if (typeof value !== 'string' || !ELEVEN_DIGITS.test(value)) return undefined;
  const kind: PersonNumberKind = value.charCodeAt(0) - 48 >= 4 ? 'dNummer' : 'fodselsnummer';
  if (personNumberProblem(value, kind) !== undefined) return undefined;
  const parts = birthDateParts(value, kind);
  if (!parts || parts.year === undefined) return undefined;
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
}

/** The individual numbers that give a birth year, per Skatteetaten's century rules. */
function individualNumberRanges(year: number): ReadonlyArray<readonly [number, number]> {
  if (year >= 1854 && year <= 1899) return [[500, 749]];
  if (year >= 1900 && year <= 1939) return [[0, 499]];
  if (year >= 1940 && year <= 1999) return [[0, 499], [900, 999]];
  if (year >= 2000 && year <= 2039) return [[500, 999]];
  throw new RangeError(`a fødselsnummer cannot encode a birth year of ${year} (1854–2039 only)`);
}

function dateParts(birthDate: Date | string): { year: number; month: number; day: number } {
  if (typeof birthDate === 'string') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
    const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [NaN, NaN, NaN];
    if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      throw new RangeError(`"${birthDate}" is not a date (YYYY-MM-DD)`);
    }
    return { year, month, day };
  }
  if (Number.isNaN(birthDate.getTime())) throw new RangeError('the birth date is an invalid Date');
  return { year: birthDate.getUTCFullYear(), month: birthDate.getUTCMonth() + 1, day: birthDate.getUTCDate() };
}

function generatePersonNumber(birthDate: Date | string, random: () => number, kind: PersonNumberKind): string {
  const { year, month, day } = dateParts(birthDate);
  const ranges = individualNumberRanges(year);
  const prefix =
    pad(kind === 'dNummer' ? day + D_NUMMER_DAY_OFFSET : day, 2) + pad(month + SYNTHETIC_MONTH_OFFSET, 2) + pad(year % 100, 2);
  const withCheckDigits = (individualNumber: number): string | undefined => {
    const nine = prefix + pad(individualNumber, 3);
    const k1 = mod11CheckDigit(nine, K1_WEIGHTS);
    if (k1 === undefined) return undefined;
    const k2 = mod11CheckDigit(nine + k1, K2_WEIGHTS);
    return k2 === undefined ? undefined : `${nine}${k1}${k2}`;
  };
  const size = ranges.reduce((total, [low, high]) => total + high - low + 1, 0);
  const nth = (n: number): number => {
    for (const [low, high] of ranges) {
      if (n <= high - low) return low + n;
      n -= high - low + 1;
    }
    return ranges[0][0];
  };
  // Roughly one individual number in five gives a check digit of 10; draw again. Start the fallback scan
  // at the last draw so a random source that keeps returning the same value still gets an answer.
  let draw = 0;
  for (let attempt = 0; attempt < 20; attempt++) {
    draw = Math.min(size - 1, Math.floor(random() * size));
    const number = withCheckDigits(nth(draw));
    if (number) return number;
  }
  for (let step = 1; step < size; step++) {
    const number = withCheckDigits(nth((draw + step) % size));
    if (number) return number;
  }
  throw new RangeError(`no valid number exists for ${prefix}`);
}

/**
 * A synthetic fødselsnummer for someone born on `birthDate` (read in UTC, or a YYYY-MM-DD string).
 * The month has 80 added, per the convention for synthetic test identities, so the number is valid
 * here and in Norwegian test environments yet can never be a real person's number.
 */
export function generateFodselsnummer(birthDate: Date | string, random: () => number = Math.random): string {
  return generatePersonNumber(birthDate, random, 'fodselsnummer');
}

/** A synthetic D-nummer (day + 40, month + 80) for someone born on `birthDate`; see {@link generateFodselsnummer}. */
export function generateDNummer(birthDate: Date | string, random: () => number = Math.random): string {
  return generatePersonNumber(birthDate, random, 'dNummer');
}
