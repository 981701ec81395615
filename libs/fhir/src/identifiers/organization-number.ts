/** Organisasjonsnummer from Enhetsregisteret: nine digits, the last a modulus 11 check digit. */
import { mod11CheckDigit } from './mod11';

const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;
const NINE_DIGITS = /^\d{9}$/;

/** Why a string is not a valid organisasjonsnummer. */
export type OrganisasjonsnummerProblem = 'format' | 'check-digit';

/** What is wrong with an organisasjonsnummer, or undefined if it is valid. */
export function organisasjonsnummerProblem(value: unknown): OrganisasjonsnummerProblem | undefined {
  if (typeof value !== 'string' || !NINE_DIGITS.test(value)) return 'format';
  const check = mod11CheckDigit(value, WEIGHTS);
  return check !== undefined && value.charCodeAt(8) - 48 === check ? undefined : 'check-digit';
}

export function isValidOrganisasjonsnummer(value: unknown): value is string {
  return organisasjonsnummerProblem(value) === undefined;
}

/**
 * A random valid organisasjonsnummer starting with 9, as registered numbers do. Unlike a personal
 * number it may coincide with a real organisation: these numbers are public, so that reveals nothing,
 * but a seed should give its organisations names that cannot be mistaken for real ones.
 */
export function generateOrganisasjonsnummer(random: () => number = Math.random): string {
  let digits = '9';
  for (let i = 1; i < 8; i++) digits += String(Math.min(9, Math.floor(random() * 10)));
  // Only one sum (mod 11) gives check digit 10, and changing the last digit always changes the
  // sum mod 11 (weight 2, 11 prime), so one step is enough.
  for (;;) {
    const check = mod11CheckDigit(digits, WEIGHTS);
    if (check !== undefined) return digits + check;
    digits = digits.slice(0, 7) + String((Number(digits[7]) + 1) % 10);
  }
}
