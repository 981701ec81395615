import { approximateRange, parseFhirDateRange } from './fhir-date-range';
import { normalizeReference } from './reference';
import { SearchParameterDefinition } from './search-parameter';
import { splitDatePrefix } from './search-request.parser';
import { SearchFilter, SearchRequest, SqlParamsLike } from './search-request';
import { chainCondition } from './chained-search';
import { reverseChainCondition } from './has-search';
import { visibleSqlOf } from './search-visibility';
import { foldedColumnOf, stringCondition } from './string-search';
import { tokenCondition } from './token-search';

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
    case 'ap':
      // The bounds are already widened (approximateRange): approximately means the ranges overlap.
      return `(${start} < ${hi} AND ${end} > ${lo})`;
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
    case 'ap':
      return `(${column} >= ${lo} AND ${column} < ${hi})`;
  }
  throw new Error(`unknown date prefix ${prefix}`);
}

function dateConditions(values: string[], params: SqlParamsLike, build: (prefix: string, lo: string, hi: string) => string): string {
  const ors = values.map((value) => {
    const { prefix, date } = splitDatePrefix(value);
    const exact = parseFhirDateRange(date)!;
    const range = prefix === 'ap' ? approximateRange(exact) : exact;
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
function equalsAny(column: string, values: string[], params: SqlParamsLike): string {
  return values.length === 1 ? `${column} = ${params.add(values[0])}::text` : `${column} = ANY(${params.add(values)}::text[])`;
}

export function filterCondition(filter: SearchFilter, params: SqlParamsLike, baseUrl: string): string {
  if (filter.parameter === 'id') return `${filter.modifier === 'not' ? 'NOT ' : ''}(id = ANY(${params.add(filter.values)}::text[]))`;
  if (filter.parameter === 'lastUpdated') {
    return dateConditions(filter.values, params, (prefix, lo, hi) => pointCondition(prefix, 'last_updated', lo, hi));
  }
  const parameter = filter.parameter;
  const column = `"${parameter.column}"`;
  if (filter.modifier === 'missing') {
    const target = parameter.kind === 'date' ? `"${parameter.column}_start"` : parameter.kind === 'string' ? `"${foldedColumnOf(parameter.column)}"` : column;
    return filter.values[0] === 'true' ? `${target} IS NULL` : `${target} IS NOT NULL`;
  }
  switch (parameter.kind) {
    case 'date': {
      const start = `"${parameter.column}_start"`;
      const end = `"${parameter.column}_end"`;
      return dateConditions(filter.values, params, (prefix, lo, hi) => rangeCondition(prefix, start, end, lo, hi));
    }
    case 'token':
      return tokenCondition(parameter, filter.modifier, filter.values, params);
    case 'string':
      return stringCondition(parameter, filter.modifier, filter.values, params);
    case 'uri':
      return equalsAny(column, filter.values, params);
    case 'reference': {
      const references = referenceValues(parameter, filter.modifier, filter.values, baseUrl);
      if (!parameter.multiple) return equalsAny(column, references, params);
      return `${column} && ${params.add(references)}::text[]`;
    }
  }
}

/** The WHERE clause (without keyset condition) for a search, with its bind parameters. */
export function buildSearchWhere(request: SearchRequest, params: SqlParams, baseUrl: string): string {
  const condition = (filter: SearchFilter, bound: SqlParamsLike) => filterCondition(filter, bound, baseUrl);
  // What a chain or `_has` looks into is searched on the caller's behalf: only what they may search and see.
  const visible = (type: string, bound: SqlParamsLike) => visibleSqlOf(request.access, type, 'search', bound);
  const conditions = [
    ...request.filters.map((filter) => condition(filter, params)),
    ...request.chains.map((chain) => chainCondition(chain, params, condition, visible)),
    ...request.reverseChains.map((has) => reverseChainCondition(request.resourceType, has, params, condition, visible)),
  ];
  return conditions.length ? conditions.join(' AND ') : 'TRUE';
}
