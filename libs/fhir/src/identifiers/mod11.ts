/**
 * The modulus 11 check digit used by fødselsnummer, D-nummer and organisasjonsnummer:
 * 11 − (Σ digit × weight mod 11), where 11 becomes 0 and 10 means no valid number has these digits.
 * Expects `digits` to hold at least `weights.length` ASCII digits.
 */
export function mod11CheckDigit(digits: string, weights: readonly number[]): number | undefined {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i];
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? undefined : check;
}
