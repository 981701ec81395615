import type { Language } from '../i18n/dictionary';
import { formatDate } from '../i18n/format';
import { API_ERROR_TEXTS } from './api-error-texts';

/**
 * The one place an answer from Bro's API becomes words for the user. The API words its refusals in
 * English for developers and logs (`{ message }`, an OperationOutcome's diagnostics); the user reads
 * them in their language: the refusals people meet in the app by their own text, the rest by what
 * kind of failure it is, with the API's words kept only as a detail of a refused request.
 */
export function apiErrorText(status: number, detail: string, language: Language): string {
  const t = API_ERROR_TEXTS[language];
  if (status === 0) return t.network;
  if (status === 502 || status === 503 || status === 504) return t.unavailable(status);
  if (status >= 500) return t.server(status);
  if (status === 403) return /board of/.test(detail) ? t.boardScope : t.forbidden;
  if (status === 404) return t.notFound;
  if (status === 409 || status === 412) return t.stale;
  if (status === 413) return t.tooLarge;
  if (status === 429) return t.tooMany;
  return knownRefusal(detail, language) ?? t.refused(detail);
}

/** The refusals of filters and periods that a user can cause from the address bar or a form. */
function knownRefusal(detail: string, language: Language): string | undefined {
  const t = API_ERROR_TEXTS[language];
  const date = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value, language) : value);
  let match = /^from \((.+)\) is after to \((.+)\)$/.exec(detail);
  if (match) return t.fromAfterTo(date(match[1]), date(match[2]));
  match = /^\w+ is a date \(YYYY-MM-DD\), got "(.*)"$/.exec(detail);
  if (match) return t.notADate(match[1]);
  match = /^a period is at most (\d+) days$/.exec(detail);
  if (match) return t.periodTooLong(match[1]);
  if (/^(unit|office) is an organisation reference/.test(detail)) return t.unknownOrganization;
  if (/^category is one of/.test(detail)) return t.unknownCategory;
  if (/^unknown parameter/.test(detail)) return t.unknownParameter;
  if (/^scope must be/.test(detail)) return t.boardScope;
  return undefined;
}
