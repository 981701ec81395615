/**
 * Checks an identifier's value against the rules of its Norwegian system. Systems without rules
 * here (including every non-Norwegian one) are not checked.
 */
import { IdentifierSystem } from './identifier-systems';
import { PersonNumberKind, PersonNumberProblem, personNumberProblem } from './norwegian-person-number';
import { organisasjonsnummerProblem } from './organization-number';

const DIGITS = /^\d+$/;
const ONE_TO_NINE_DIGITS = /^\d{1,9}$/;

const PERSON_NUMBER_REASONS: Record<PersonNumberProblem, string> = {
  format: 'it must be exactly 11 digits',
  'check-digits': 'wrong check digits',
  'birth-date': 'the first six digits are not a valid birth date',
};

function personNumberMessage(value: string, kind: PersonNumberKind): string | undefined {
  const problem = personNumberProblem(value, kind);
  if (!problem) return undefined;
  const name = kind === 'dNummer' ? 'D-nummer' : 'fødselsnummer';
  let reason = PERSON_NUMBER_REASONS[problem];
  // The commonest mix-up: the right number under the wrong system.
  if (problem === 'birth-date' && kind === 'fodselsnummer' && personNumberProblem(value, 'dNummer') === undefined) {
    reason += ` (it is a valid D-nummer; use system ${IdentifierSystem.DNummer})`;
  } else if (problem === 'birth-date' && kind === 'dNummer' && personNumberProblem(value, 'fodselsnummer') === undefined) {
    reason += ` (it is a valid fødselsnummer; use system ${IdentifierSystem.Fodselsnummer})`;
  }
  return `"${value}" is not a valid ${name}: ${reason}`;
}

/**
 * A human-readable reason why `value` is not a valid identifier in `system`, or undefined if it is
 * valid or the system has no rules here. The message quotes the value, so it is for the sender of
 * the identifier; do not write it to logs (it may be a personal identity number).
 */
export function checkNorwegianIdentifier(system: string | undefined, value: string | undefined): string | undefined {
  if (system === undefined || value === undefined) return undefined;
  switch (system) {
    case IdentifierSystem.Fodselsnummer:
      return personNumberMessage(value, 'fodselsnummer');
    case IdentifierSystem.DNummer:
      return personNumberMessage(value, 'dNummer');
    case IdentifierSystem.Organisasjonsnummer: {
      const problem = organisasjonsnummerProblem(value);
      if (!problem) return undefined;
      return `"${value}" is not a valid organisasjonsnummer: ${problem === 'format' ? 'it must be exactly 9 digits' : 'wrong check digit'}`;
    }
    case IdentifierSystem.Hpr:
      return ONE_TO_NINE_DIGITS.test(value) ? undefined : `"${value}" is not a valid HPR-nummer: it must be 1–9 digits`;
    case IdentifierSystem.Resh:
      return DIGITS.test(value) ? undefined : `"${value}" is not a valid RESH-id: it must be digits only`;
    case IdentifierSystem.Her:
      return DIGITS.test(value) ? undefined : `"${value}" is not a valid HER-id: it must be digits only`;
    default:
      return undefined;
  }
}
