import { DomainError } from '../../common/errors/domain-error';
import { parseFhirDateRange } from './fhir-date-range';
import { NUL } from '../../common/json-limits';
import { assertCursorFitsSort, decodeCursor } from './search-cursor';
import { searchParameterRegistry } from './search-parameter.registry';
import { DatePrefix, IncludeRequest, SearchFilter, SearchRequest, SortKey } from './search-request';

export interface PageSizeLimits {
  defaultPageSize: number;
  maxPageSize: number;
}

const DATE_PREFIXES: DatePrefix[] = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb'];
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

function parseInclude(resourceType: string, raw: string, reverse: boolean): IncludeRequest {
  const name = reverse ? '_revinclude' : '_include';
  const [sourceType, parameterName, targetType] = raw.split(':');
  if (!sourceType || !parameterName) throw DomainError.badRequest(`${name}=${raw}: expected Type:parameter[:TargetType]`, name);
  if (!reverse && sourceType !== resourceType) {
    throw DomainError.badRequest(`${name}=${raw}: the source type must be ${resourceType}`, name);
  }
  const parameter = searchParameterRegistry.referenceParameter(sourceType, parameterName);
  if (!parameter) throw DomainError.badRequest(`${name}=${raw}: ${sourceType} has no reference search parameter "${parameterName}"`, name);
  if (targetType && !parameter.targets?.includes(targetType as never)) {
    throw DomainError.badRequest(`${name}=${raw}: ${sourceType}.${parameterName} cannot point to ${targetType}`, name);
  }
  if (reverse && !parameter.targets?.includes(resourceType as never)) {
    throw DomainError.badRequest(`${name}=${raw}: ${sourceType}.${parameterName} never points to ${resourceType}`, name);
  }
  return { sourceType, parameter, targetType };
}

function parseSort(resourceType: string, raw: string): SortKey {
  const keys = raw.split(',');
  if (keys.length > 1) throw DomainError.badRequest('_sort: sorting by one key is supported (plus _id as tie-breaker)', '_sort');
  const descending = raw.startsWith('-');
  const name = descending ? raw.slice(1) : raw;
  if (name === '_lastUpdated' || name === '_id') return { name, descending };
  if (searchParameterRegistry.parameter(resourceType, name)?.kind === 'date') return { name, descending };
  throw DomainError.badRequest(`_sort: cannot sort ${resourceType} by "${name}"; use _lastUpdated, _id or a date parameter`, '_sort');
}

/** Reads a FHIR search query string into a validated {@link SearchRequest}; unknown parameters are refused. */
export function parseSearchRequest(resourceType: string, params: Array<[string, string]>, limits: PageSizeLimits): SearchRequest {
  const request: SearchRequest = {
    resourceType,
    filters: [],
    sort: { name: '_lastUpdated', descending: true },
    count: limits.defaultPageSize,
    includes: [],
    revIncludes: [],
    total: 'accurate',
    summaryCount: false,
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
        const count = Number(raw);
        if (count > limits.maxPageSize) throw DomainError.badRequest(`_count must be at most ${limits.maxPageSize}`, '_count');
        request.count = count;
        continue;
      }
      case '_sort':
        request.sort = parseSort(resourceType, raw);
        continue;
      case '_include':
        request.includes.push(parseInclude(resourceType, raw, false));
        continue;
      case '_revinclude':
        request.revIncludes.push(parseInclude(resourceType, raw, true));
        continue;
      case '_total':
        if (!['none', 'estimate', 'accurate'].includes(raw)) throw DomainError.badRequest('_total must be none, estimate or accurate', '_total');
        request.total = raw === 'none' ? 'none' : 'accurate';
        continue;
      case '_summary':
        if (raw === 'count') request.summaryCount = true;
        else if (raw !== 'false') throw DomainError.badRequest('_summary: only count and false are supported', '_summary');
        continue;
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
    if (name.includes('.')) throw DomainError.badRequest(`${key}: chained search is not supported`, key);
    const parameter = searchParameterRegistry.parameter(resourceType, name);
    if (!parameter) {
      const known = searchParameterRegistry.parametersOf(resourceType).map((p) => p.name);
      throw DomainError.badRequest(
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
      if (!isTypeModifier) throw DomainError.badRequest(`${key}: modifier :${modifier} is not supported`, key);
    }
    if (parameter.kind === 'date' && modifier !== 'missing') checkDateValues(key, values);
    if (values.length === 0) throw DomainError.badRequest(`${key} needs a value`, key);
    request.filters.push(filter);
  }
  if (request.cursor) assertCursorFitsSort(request.cursor, request.sort.name);
  return request;
}
