import { DomainError } from '../../common/errors/domain-error';
import { parseFhirDateRange } from './fhir-date-range';
import { NUL } from '../../common/json-limits';
import { assertCursorFitsSort, decodeCursor } from './search-cursor';
import { searchParameterRegistry } from './search-parameter.registry';
import { STRING_MODIFIERS, assertSearchableString } from './string-search';
import { DatePrefix, IncludeRequest, SearchFilter, SearchRequest } from './search-request';
import { DEFAULT_SORT, parseSort } from './search-sort';
import { FilterParser, parseChain } from './chained-search';
import { parseReverseChain } from './has-search';
import { parseLeniently, unsupportedParameter } from './lenient-handling';
import { parseElements, parseSummary } from './resource-subset';

export interface PageSizeLimits {
  defaultPageSize: number;
  maxPageSize: number;
}

const DATE_PREFIXES: DatePrefix[] = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'];
const IGNORED = new Set(['_format', '_pretty']);

export function splitDatePrefix(value: string): { prefix: DatePrefix; date: string } {
  const candidate = value.slice(0, 2) as DatePrefix;
  if (DATE_PREFIXES.includes(candidate) && /^[a-z]{2}\d/.test(value)) return { prefix: candidate, date: value.slice(2) };
  return { prefix: 'eq', date: value };
}

/** Splits on commas that are not escaped with a backslash, as FHIR search specifies. */
function splitValues(raw: string): string[] {
  return raw
    .split(/(?<!\\),/)
    .map((value) => value.replace(/\\,/g, ','))
    .filter((value) => value !== '');
}

function checkDateValues(name: string, values: string[]): void {
  for (const value of values) {
    if (!parseFhirDateRange(splitDatePrefix(value).date)) {
      throw DomainError.badRequest(`${name}: "${value}" is not a date; use e.g. ge2026-11-01 or lt2026-11-23T12:00:00Z`, name);
    }
  }
}

function parseInclude(resourceType: string, raw: string, reverse: boolean, iterate: boolean): IncludeRequest {
  const name = `${reverse ? '_revinclude' : '_include'}${iterate ? ':iterate' : ''}`;
  if (raw === '*' || raw.endsWith(':*')) throw unsupportedParameter(`${name}=${raw}: wildcard includes are not supported; name the reference parameter`, name);
  const [sourceType, parameterName, targetType] = raw.split(':');
  if (!sourceType || !parameterName) throw DomainError.badRequest(`${name}=${raw}: expected Type:parameter[:TargetType]`, name);
  // An iterated include starts from included resources too, so its source may be any type.
  if (!reverse && !iterate && sourceType !== resourceType) {
    throw DomainError.badRequest(`${name}=${raw}: the source type must be ${resourceType}`, name);
  }
  const parameter = searchParameterRegistry.referenceParameter(sourceType, parameterName);
  if (!parameter) throw DomainError.badRequest(`${name}=${raw}: ${sourceType} has no reference search parameter "${parameterName}"`, name);
  if (targetType && !parameter.targets?.includes(targetType as never)) {
    throw DomainError.badRequest(`${name}=${raw}: ${sourceType}.${parameterName} cannot point to ${targetType}`, name);
  }
  if (reverse && !iterate && !parameter.targets?.includes(resourceType as never)) {
    throw DomainError.badRequest(`${name}=${raw}: ${sourceType}.${parameterName} never points to ${resourceType}`, name);
  }
  return { sourceType, parameter, targetType, ...(iterate ? { iterate } : {}) };
}

/** `_include:iterate` (R4) or plain; `:recurse` was STU3's name and is not R4. */
function includeIterates(key: string, modifier: string | undefined): boolean {
  if (modifier === undefined) return false;
  if (modifier === 'iterate') return true;
  throw unsupportedParameter(`${key}: the only include modifier is :iterate`, key);
}

export interface ParseOptions {
  /** `Prefer: handling=lenient`: parameters Bro does not support are left out and reported, not refused. */
  lenient?: boolean;
}

/**
 * Reads a FHIR search query string into a validated {@link SearchRequest}. Unknown parameters are refused,
 * unless `lenient`, which leaves them out (listed in `ignored`).
 */
export function parseSearchRequest(resourceType: string, params: Array<[string, string]>, limits: PageSizeLimits, options: ParseOptions = {}): SearchRequest {
  if (options.lenient) return parseLeniently(params, (kept) => parseSearchRequest(resourceType, kept, limits));
  // The one filter a chain or `_has` applies to the other type, read by the same rules as a search of it.
  const parseFilter: FilterParser = (type, key, raw) => {
    const inner = parseSearchRequest(type, [[key, raw]], limits);
    if (inner.filters.length !== 1 || inner.chains.length || inner.reverseChains.length) {
      throw DomainError.badRequest(`${key}: only a search parameter of ${type} can follow a chain or _has`, key);
    }
    return inner.filters[0];
  };
  const request: SearchRequest = {
    resourceType,
    filters: [],
    chains: [],
    reverseChains: [],
    sort: DEFAULT_SORT,
    count: limits.defaultPageSize,
    includes: [],
    revIncludes: [],
    total: 'accurate',
    summaryCount: false,
    ignored: [],
    definingParams: [],
  };
  for (const [key, raw] of params) {
    // However the query arrived (URL, form body, a Bundle entry's url, conditional criteria): a NUL
    // cannot be compared with anything PostgreSQL stores, and the database refuses it outright.
    if (key.includes(NUL) || raw.includes(NUL)) {
      const name = key.split(NUL).join('\\u0000');
      throw DomainError.badRequest(`${name}: search parameters and values must not contain a NUL character (U+0000)`, name);
    }
    if (IGNORED.has(key)) continue;
    if (key === '_cursor') {
      request.cursor = decodeCursor(raw);
      request.rawCursor = raw;
      continue;
    }
    request.definingParams.push([key, raw]);
    const [name, modifier] = key.split(':', 2);
    switch (name) {
      case '_count': {
        if (!/^\d+$/.test(raw)) throw DomainError.badRequest(`_count must be a whole number, got "${raw}"`, '_count');
        // More than the maximum gets a full page of the maximum (FHIR lets a server return fewer), and the
        // links say so, rather than a refusal a client can only retry with a guess.
        request.count = Math.min(Number(raw), limits.maxPageSize);
        request.definingParams[request.definingParams.length - 1] = [key, String(request.count)];
        continue;
      }
      case '_sort':
        request.sort = parseSort(resourceType, raw);
        continue;
      case '_include':
        request.includes.push(parseInclude(resourceType, raw, false, includeIterates(key, modifier)));
        continue;
      case '_revinclude':
        request.revIncludes.push(parseInclude(resourceType, raw, true, includeIterates(key, modifier)));
        continue;
      case '_elements':
        request.elements = parseElements(resourceType, raw);
        continue;
      case '_has':
        request.reverseChains.push(parseReverseChain(resourceType, key, raw, parseFilter));
        continue;
      case '_total':
        if (!['none', 'estimate', 'accurate'].includes(raw)) throw DomainError.badRequest('_total must be none, estimate or accurate', '_total');
        request.total = raw === 'none' ? 'none' : 'accurate';
        continue;
      case '_summary': {
        const summary = parseSummary(raw);
        request.summaryCount = summary === 'count';
        if (summary === 'true' || summary === 'text' || summary === 'data') request.summary = summary;
        continue;
      }
      case '_id': {
        // :not excludes; any other modifier would be read as plain _id, a silently wrong answer.
        if (modifier !== undefined && modifier !== 'not') throw DomainError.badRequest(`${key}: modifier :${modifier} is not supported on _id (only :not)`, key);
        const values = splitValues(raw);
        if (values.length === 0) throw DomainError.badRequest(`${key} needs a value`, key);
        request.filters.push({ parameter: 'id', values, ...(modifier ? { modifier } : {}) });
        continue;
      }
      case '_lastUpdated': {
        if (modifier !== undefined) throw DomainError.badRequest(`${key}: modifier :${modifier} is not supported on _lastUpdated`, key);
        const values = splitValues(raw);
        checkDateValues('_lastUpdated', values);
        request.filters.push({ parameter: 'lastUpdated', values });
        continue;
      }
    }
    if (key.includes('.')) {
      request.chains.push(parseChain(resourceType, key, raw, parseFilter));
      continue;
    }
    const parameter = searchParameterRegistry.parameter(resourceType, name);
    if (!parameter) {
      const known = searchParameterRegistry.parametersOf(resourceType).map((p) => p.name);
      throw unsupportedParameter(
        `${resourceType} has no search parameter "${name}"; supported: _id, _lastUpdated, ${known.join(', ')}`,
        key,
      );
    }
    const values = splitValues(raw);
    const filter: SearchFilter = { parameter, modifier, values };
    if (modifier === 'missing') {
      if (values.length !== 1 || !['true', 'false'].includes(values[0])) throw DomainError.badRequest(`${key} must be true or false`, key);
    } else if (modifier === 'not') {
      if (parameter.kind !== 'token') throw DomainError.badRequest(`${key}: :not applies to token parameters only`, key);
    } else if (modifier !== undefined) {
      const isTypeModifier = parameter.kind === 'reference' && parameter.targets?.includes(modifier as never);
      const isStringModifier = parameter.kind === 'string' && STRING_MODIFIERS.includes(modifier);
      if (!isTypeModifier && !isStringModifier) throw unsupportedParameter(`${key}: modifier :${modifier} is not supported`, key);
    }
    if (parameter.kind === 'string' && modifier !== 'missing') values.forEach((value) => assertSearchableString(key, value));
    if (parameter.kind === 'date' && modifier !== 'missing') checkDateValues(key, values);
    if (values.length === 0) throw DomainError.badRequest(`${key} needs a value`, key);
    request.filters.push(filter);
  }
  if (request.cursor) assertCursorFitsSort(request.cursor, request.sort);
  if (request.elements && (request.summary || request.summaryCount)) {
    throw DomainError.badRequest('_elements and _summary cannot be combined; ask for one subset', '_elements');
  }
  return request;
}
