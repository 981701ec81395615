import { DomainError } from '../../common/errors/domain-error';
import { parseFhirDateRange } from './fhir-date-range';
import { normalizeReference } from './reference';
import { SearchParameterDefinition } from './search-parameter';
import { splitDatePrefix } from './search-request.parser';
import { SearchFilter, SearchRequest, SortKey } from './search-request';
import { tokenSearchCode, tokenSearchKey } from './token';

/** Collects bind parameters so fragments can be written as `col = ANY(${p(values)})`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function rangeCondition(prefix: string, start: string, end: string, lo: string, hi: string): string {
  switch (prefix) {
    case 'eq':
      return `(${start} >= ${lo} AND ${end} <= ${hi})`;
    case 'ne':
      return `NOT (${start} >= ${lo} AND ${end} <= ${hi})`;
    case 'gt':
      return `${end} > ${hi}`;
    case 'lt':
      return `${start} < ${lo}`;
    case 'ge':
      return `${end} > ${lo}`;
    case 'le':
      return `${start} < ${hi}`;
    case 'sa':
      return `${start} >= ${hi}`;
    case 'eb':
      return `${end} <= ${lo}`;
  }
  throw new Error(`unknown date prefix ${prefix}`);
}

function pointCondition(prefix: string, column: string, lo: string, hi: string): string {
  switch (prefix) {
    case 'eq':
      return `(${column} >= ${lo} AND ${column} < ${hi})`;
    case 'ne':
      return `NOT (${column} >= ${lo} AND ${column} < ${hi})`;
    case 'gt':
    case 'sa':
      return `${column} >= ${hi}`;
    case 'lt':
    case 'eb':
      return `${column} < ${lo}`;
    case 'ge':
      return `${column} >= ${lo}`;
    case 'le':
      return `${column} < ${hi}`;
  }
  throw new Error(`unknown date prefix ${prefix}`);
}

function dateConditions(values: string[], params: SqlParams, build: (prefix: string, lo: string, hi: string) => string): string {
  const ors = values.map((value) => {
    const { prefix, date } = splitDatePrefix(value);
    const range = parseFhirDateRange(date)!;
    // Bind only the bounds the condition uses: PostgreSQL cannot type an unused parameter.
    const condition = build(prefix, '%LO%', '%HI%');
    return condition
      .replace(/%LO%/g, () => `${params.add(range.start.toISOString())}::timestamptz`)
      .replace(/%HI%/g, () => `${params.add(range.end.toISOString())}::timestamptz`);
  });
  return ors.length === 1 ? ors[0] : `(${ors.join(' OR ')})`;
}

function referenceValues(parameter: SearchParameterDefinition, modifier: string | undefined, values: string[], baseUrl: string): string[] {
  const result: string[] = [];
  for (const value of values) {
    const normalized = normalizeReference(value, baseUrl) ?? value;
    if (normalized.includes('/')) {
      result.push(normalized);
    } else if (modifier) {
      result.push(`${modifier}/${normalized}`);
    } else {
      // A bare id matches that id in any of the types the parameter can point to.
      for (const target of parameter.targets ?? []) result.push(`${target}/${normalized}`);
    }
  }
  return result;
}

/**
 * `column = value` for one value, `= ANY(values)` for several. The plain equality lets PostgreSQL walk
 * a (column, last_updated, id) index in order and stop after a page; `= ANY` makes it filter and sort.
 */
function equalsAny(column: string, values: string[], params: SqlParams): string {
  return values.length === 1 ? `${column} = ${params.add(values[0])}::text` : `${column} = ANY(${params.add(values)}::text[])`;
}

function filterCondition(filter: SearchFilter, params: SqlParams, baseUrl: string): string {
  if (filter.parameter === 'id') return `${filter.modifier === 'not' ? 'NOT ' : ''}(id = ANY(${params.add(filter.values)}::text[]))`;
  if (filter.parameter === 'lastUpdated') {
    return dateConditions(filter.values, params, (prefix, lo, hi) => pointCondition(prefix, 'last_updated', lo, hi));
  }
  const parameter = filter.parameter;
  const column = `"${parameter.column}"`;
  if (filter.modifier === 'missing') {
    const target = parameter.kind === 'date' ? `"${parameter.column}_start"` : column;
    return filter.values[0] === 'true' ? `${target} IS NULL` : `${target} IS NOT NULL`;
  }
  switch (parameter.kind) {
    case 'date': {
      const start = `"${parameter.column}_start"`;
      const end = `"${parameter.column}_end"`;
      return dateConditions(filter.values, params, (prefix, lo, hi) => rangeCondition(prefix, start, end, lo, hi));
    }
    case 'token': {
      const keys = parameter.multiple ? filter.values.map(tokenSearchKey) : filter.values.map(tokenSearchCode);
      if (!parameter.multiple && filter.modifier !== 'not') return equalsAny(column, keys, params);
      const bound = `${params.add(keys)}::text[]`;
      if (filter.modifier === 'not') {
        return parameter.multiple ? `NOT (${column} && ${bound})` : `(${column} IS NULL OR ${column} <> ALL(${bound}))`;
      }
      return `${column} && ${bound}`;
    }
    case 'reference': {
      const references = referenceValues(parameter, filter.modifier, filter.values, baseUrl);
      if (!parameter.multiple) return equalsAny(column, references, params);
      return `${column} && ${params.add(references)}::text[]`;
    }
  }
}

export function sortExpression(resourceType: string, sort: SortKey, lookup: (name: string) => SearchParameterDefinition | undefined): string {
  if (sort.name === '_lastUpdated') return 'last_updated';
  if (sort.name === '_id') return 'id';
  const parameter = lookup(sort.name);
  if (!parameter) throw DomainError.badRequest(`cannot sort ${resourceType} by ${sort.name}`, '_sort');
  // Resources without the date sort first ascending (last descending), so paging never loses them.
  return `COALESCE("${parameter.column}_start", '-infinity'::timestamptz)`;
}

/** The WHERE clause (without keyset condition) for a search, with its bind parameters. */
export function buildSearchWhere(request: SearchRequest, params: SqlParams, baseUrl: string): string {
  const conditions = request.filters.map((filter) => filterCondition(filter, params, baseUrl));
  return conditions.length ? conditions.join(' AND ') : 'TRUE';
}
