/**
 * FHIR R4 primitive datatypes: the JSON type each is written as and the regular expression the
 * specification gives for its lexical form (http://hl7.org/fhir/R4/datatypes.html). Dates are also
 * checked against the calendar, which the regular expressions alone do not do; xhtml against the
 * narrative rules.
 */
import { narrativeProblem } from './xhtml-narrative';

export const PRIMITIVE_TYPE_NAMES = [
  'base64Binary',
  'boolean',
  'canonical',
  'code',
  'date',
  'dateTime',
  'decimal',
  'id',
  'instant',
  'integer',
  'markdown',
  'oid',
  'positiveInt',
  'string',
  'time',
  'unsignedInt',
  'uri',
  'url',
  'uuid',
  'xhtml',
] as const;

export type PrimitiveTypeName = (typeof PRIMITIVE_TYPE_NAMES)[number];

/** Returns what is wrong with a value (to follow the quoted value in a message), or undefined if it is fine. */
export type PrimitiveCheck = (value: unknown) => string | undefined;

const MAX_STRING_LENGTH = 1024 * 1024;
const MAX_INTEGER = 2147483647;
const MIN_INTEGER = -2147483648;

const YEAR = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[1-2][0-9]|3[0-1])';
const TIME = '([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?';
const ZONE = '(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';

const PATTERNS = {
  code: /^[^\s]+(\s[^\s]+)*$/,
  id: /^[A-Za-z0-9\-.]{1,64}$/,
  uri: /^\S*$/,
  oid: /^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$/,
  uuid: /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  date: new RegExp(`^${YEAR}(-${MONTH}(-${DAY})?)?$`),
  dateTime: new RegExp(`^${YEAR}(-${MONTH}(-${DAY}(T${TIME}${ZONE})?)?)?$`),
  instant: new RegExp(`^${YEAR}-${MONTH}-${DAY}T${TIME}${ZONE}$`),
  time: new RegExp(`^${TIME}$`),
  // The R4 expression for base64Binary backtracks badly on large attachments; this is the same
  // language once whitespace is taken out (which the caller does first).
  base64: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
};

/** "YYYY-MM-DD…" passed the pattern; reject the 30th of February and its kind. */
function isCalendarDate(value: string): boolean {
  if (value.length < 10) return true;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (day <= 28) return true;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

function stringMatching(pattern: RegExp, typeName: string, calendar = false): PrimitiveCheck {
  return (value) => {
    if (typeof value !== 'string') return `must be a JSON string (${typeName})`;
    if (!pattern.test(value) || (calendar && !isCalendarDate(value))) return `is not a valid ${typeName}`;
    return undefined;
  };
}

function anyString(typeName: string): PrimitiveCheck {
  return (value) => {
    if (typeof value !== 'string') return `must be a JSON string (${typeName})`;
    return value.length > MAX_STRING_LENGTH ? `is longer than FHIR's 1 MB limit for a ${typeName}` : undefined;
  };
}

function integerFrom(minimum: number, typeName: string): PrimitiveCheck {
  return (value) => {
    if (typeof value !== 'number') return `must be a JSON number (${typeName})`;
    if (!Number.isInteger(value) || value < minimum || value > MAX_INTEGER) return `is not a valid ${typeName}`;
    return undefined;
  };
}

export const PRIMITIVE_CHECKS: Readonly<Record<PrimitiveTypeName, PrimitiveCheck>> = {
  boolean: (value) => (typeof value === 'boolean' ? undefined : 'must be a JSON boolean (true or false)'),
  integer: integerFrom(MIN_INTEGER, 'integer'),
  positiveInt: integerFrom(1, 'positiveInt'),
  unsignedInt: integerFrom(0, 'unsignedInt'),
  decimal: (value) => (typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a JSON number (decimal)'),
  string: anyString('string'),
  markdown: anyString('markdown'),
  code: stringMatching(PATTERNS.code, 'code'),
  id: stringMatching(PATTERNS.id, 'id'),
  uri: stringMatching(PATTERNS.uri, 'uri'),
  url: stringMatching(PATTERNS.uri, 'url'),
  canonical: stringMatching(PATTERNS.uri, 'canonical'),
  oid: stringMatching(PATTERNS.oid, 'oid'),
  uuid: stringMatching(PATTERNS.uuid, 'uuid'),
  date: stringMatching(PATTERNS.date, 'date', true),
  dateTime: stringMatching(PATTERNS.dateTime, 'dateTime', true),
  instant: stringMatching(PATTERNS.instant, 'instant', true),
  time: stringMatching(PATTERNS.time, 'time'),
  base64Binary: (value) => {
    if (typeof value !== 'string') return 'must be a JSON string (base64Binary)';
    return PATTERNS.base64.test(value.replace(/\s+/g, '')) ? undefined : 'is not valid base64Binary';
  },
  xhtml: (value) => (typeof value === 'string' ? narrativeProblem(value) : 'must be a JSON string (xhtml)'),
};

const primitiveNames = new Set<string>(PRIMITIVE_TYPE_NAMES);

export function isPrimitiveTypeName(name: string): name is PrimitiveTypeName {
  return primitiveNames.has(name);
}

/** The FHIR id pattern, for resource ids and the id part of references. */
export const ID_PATTERN = PATTERNS.id;
