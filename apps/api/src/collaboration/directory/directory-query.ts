import { DIRECTORY_ENTRY_KINDS, DirectoryEntryKind } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { foldForSearch } from '../../fhir/search/string-folding';
import { QueryParams, queryText, readPaging, refuseUnknownParams } from '../../http/query-params';

/** The longest text a search box sends: past it a "name" is something else. */
export const MAX_QUERY_LENGTH = 200;
/** Words past these add nothing a person types to find a partner, and each costs a pass over the candidates. */
export const MAX_QUERY_WORDS = 6;
export const MAX_FILTER_VALUES = 20;
export const DIRECTORY_PAGE_SIZE = { fallback: 10, max: 50 };

const PARAMETERS = ['q', 'kind', 'serviceType', 'specialty', 'district', 'patient', 'page', 'pageSize'] as const;
const PATIENT_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** `code` or `system|code`: no spaces, and no control characters (a NUL would never reach PostgreSQL as text). */
const CODE = /^[^\s|\p{Cc}]{1,200}(\|[^\s|\p{Cc}]{1,200})?$/u;

/**
 * Between words: whitespace, control characters and ASCII punctuation, exactly as `directory_fold` in the
 * database splits the directory's texts, so "Kirurgisk avd., Haukeland" and "haukeland-kir" meet.
 */
const WORD_SEPARATORS = /[\s\p{Cc}!-/:-@[-`{-~]+/u;

export interface DirectoryQuery {
  /** The folded words, in the order typed (the database picks the longest for the index); empty for filters alone. */
  words: string[];
  kinds?: DirectoryEntryKind[];
  /** `code` or `system|code`, as the projection keeps both. */
  types?: string[];
  specialties?: string[];
  /** Folded, as the projection's district key. */
  district?: string;
  /** "For this patient": the Patient id. */
  patient?: string;
  page: number;
  pageSize: number;
}

/** What a person typed, as the words the directory is searched by: accents and case off, split at punctuation. */
export function directoryWords(text: string): string[] {
  const words = foldForSearch(text).split(WORD_SEPARATORS).filter((word) => word !== '');
  return [...new Set(words)].slice(0, MAX_QUERY_WORDS);
}

function listOf(query: QueryParams, name: string, check: (value: string) => boolean, what: string): string[] | undefined {
  const text = queryText(query, name);
  if (text === undefined) return undefined;
  const values = [...new Set(text.split(',').map((value) => value.trim()).filter(Boolean))];
  if (values.length === 0) return undefined;
  if (values.length > MAX_FILTER_VALUES) throw DomainError.badRequest(`${name}: at most ${MAX_FILTER_VALUES} values`, name);
  const bad = values.find((value) => !check(value));
  if (bad !== undefined) throw DomainError.badRequest(`${name}: "${bad.slice(0, 80)}" is not ${what}`, name);
  return values;
}

/** Reads /api/directory/search's query string; 400 for what it does not take, never a silent ignore. */
export function readDirectoryQuery(query: QueryParams): DirectoryQuery {
  refuseUnknownParams(query, PARAMETERS);
  const q = queryText(query, 'q');
  if (q !== undefined && q.length > MAX_QUERY_LENGTH) throw DomainError.badRequest(`q: at most ${MAX_QUERY_LENGTH} characters`, 'q');
  const words = q === undefined ? [] : directoryWords(q);
  if (q !== undefined && words.length === 0) throw DomainError.badRequest(`q: "${q.slice(0, 80)}" has no letters or digits to search for`, 'q');
  const kinds = listOf(query, 'kind', (value) => (DIRECTORY_ENTRY_KINDS as readonly string[]).includes(value), `one of ${DIRECTORY_ENTRY_KINDS.join(', ')}`);
  const types = listOf(query, 'serviceType', (value) => CODE.test(value), 'a code or system|code');
  const specialties = listOf(query, 'specialty', (value) => CODE.test(value), 'a code or system|code');
  const districtText = queryText(query, 'district');
  const district = districtText === undefined ? undefined : foldForSearch(districtText).split(WORD_SEPARATORS).filter(Boolean).join(' ');
  if (districtText !== undefined && !district) throw DomainError.badRequest('district: give a district by its name, such as Åsane', 'district');
  if (district !== undefined && district.length > MAX_QUERY_LENGTH) throw DomainError.badRequest(`district: at most ${MAX_QUERY_LENGTH} characters`, 'district');
  const patientText = queryText(query, 'patient');
  const patient = patientText?.replace(/^Patient\//, '');
  if (patient !== undefined && !PATIENT_ID.test(patient)) throw DomainError.badRequest(`patient: "${patientText!.slice(0, 80)}" is not a Patient id`, 'patient');
  if (words.length === 0 && !kinds && !types && !specialties && !district && !patient) {
    throw DomainError.badRequest('say what to look for: q (a name), or kind, serviceType, specialty, district or patient', 'q');
  }
  return {
    words,
    ...(kinds ? { kinds: kinds as DirectoryEntryKind[] } : {}),
    ...(types ? { types } : {}),
    ...(specialties ? { specialties } : {}),
    ...(district ? { district } : {}),
    ...(patient ? { patient } : {}),
    ...readPaging(query, DIRECTORY_PAGE_SIZE),
  };
}
