import { DomainError } from '../../common/errors/domain-error';
import { IgnoredParameter, SearchRequest } from './search-request';

/**
 * A parameter (or modifier) Bro does not know. Refused by default; `Prefer: handling=lenient` leaves
 * it out instead, as FHIR allows, and says so in the searchset. Invalid values of known parameters are
 * refused either way: leniency is about what Bro does not offer, not about what the client got wrong.
 */
export function unsupportedParameter(diagnostics: string, key: string): DomainError {
  return DomainError.of(400, 'not-supported', diagnostics, key);
}

function isUnsupportedParameter(error: unknown): error is DomainError {
  return error instanceof DomainError && error.status === 400 && error.issues.length > 0 && error.issues.every((issue) => issue.code === 'not-supported');
}

/**
 * Parses leniently: each parameter is first tried on its own; those Bro does not support are left out
 * (and out of the `self` and `next` links), the rest parsed together as usual, so every other check
 * (values, combinations, the cursor) is as strict as without the preference.
 */
export function parseLeniently(
  params: Array<[string, string]>,
  parse: (params: Array<[string, string]>) => SearchRequest,
): SearchRequest {
  const kept: Array<[string, string]> = [];
  const ignored: IgnoredParameter[] = [];
  for (const pair of params) {
    // A cursor belongs to the sort given beside it: it is only checked with the rest.
    if (pair[0] !== '_cursor') {
      try {
        parse([pair]);
      } catch (error) {
        if (isUnsupportedParameter(error)) {
          ignored.push({ name: pair[0], diagnostics: error.issues.map((issue) => issue.diagnostics).join('; ') });
          continue;
        }
      }
    }
    kept.push(pair);
  }
  const request = parse(kept);
  request.ignored = ignored;
  return request;
}
