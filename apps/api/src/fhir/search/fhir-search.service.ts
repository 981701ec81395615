import { Resource } from '@app/fhir';
import { SqlClient } from '../../database/sql-client';
import { parseLocalReference } from './reference';
import { encodeCursor } from './search-cursor';
import { searchParameterRegistry, tableNameOf } from './search-parameter.registry';
import { IncludeRequest, SearchRequest } from './search-request';
import { SqlParams, buildSearchWhere, sortExpression } from './search-sql.builder';
import { valuesAtPath } from './element-path';

export interface SearchResult {
  matches: Resource[];
  included: Resource[];
  total?: number;
  nextCursor?: string;
  previousCursor?: string;
}

/** Single-valued columns the search fixes to exactly one value (`status=requested`, `owner=X`). */
function pinnedColumns(request: SearchRequest): string[] {
  const columns: string[] = [];
  for (const filter of request.filters) {
    if (typeof filter.parameter !== 'object' || filter.modifier !== undefined || filter.values.length !== 1) continue;
    const { kind, multiple, column, targets } = filter.parameter;
    // A bare id on a reference to several types stands for several references: not one value.
    const oneReference = kind === 'reference' && (filter.values[0].includes('/') || (targets?.length ?? 0) === 1);
    if (!multiple && (kind === 'token' || oneReference) && !columns.includes(column)) columns.push(column);
  }
  return columns;
}

/** Includes are capped so one search cannot pull a whole table along. */
const MAX_INCLUDED = 1000;

/**
 * Runs a search with keyset paging: a page is "the next N rows after this sort key and id",
 * which costs the same on page 1 and on page 10,000 (OFFSET would scan every skipped row).
 */
export class FhirSearchService {
  constructor(
    private readonly client: SqlClient,
    private readonly baseUrl: string,
  ) {}

  async search(request: SearchRequest, client: SqlClient = this.client): Promise<SearchResult> {
    const table = tableNameOf(request.resourceType);
    const params = new SqlParams();
    const filters = buildSearchWhere(request, params, this.baseUrl);
    const access = request.access ? request.access.visibleSql(request.resourceType, params) : 'TRUE';
    const where = access === 'TRUE' ? filters : `(${filters}) AND ${access}`;
    const countTotal = () => client.query<{ total: number }>(`SELECT count(*)::int AS total FROM "${table}" WHERE ${where}`, params.values);
    if (request.summaryCount || request.count === 0) {
      return { matches: [], included: [], total: (await countTotal()).rows[0].total };
    }

    const sortSql = sortExpression(request.resourceType, request.sort, (name) =>
      searchParameterRegistry.parameter(request.resourceType, name),
    );
    const backwards = request.cursor?.direction === 'previous';
    // Walking backwards reverses the order; the page is turned round again below.
    const descending = request.sort.descending !== backwards;
    const direction = descending ? 'DESC' : 'ASC';
    const pageParams = new SqlParams();
    pageParams.values.push(...params.values);
    let keyset = '';
    if (request.cursor) {
      const valueType = request.sort.name === '_id' ? 'text' : 'timestamptz';
      const value = pageParams.add(request.cursor.sortValue);
      const id = pageParams.add(request.cursor.id);
      keyset = ` AND (${sortSql}, id) ${descending ? '<' : '>'} (${value}::${valueType}, ${id}::text)`;
    }
    const limit = pageParams.add(request.count + 1);
    // Columns pinned to one value change nothing in the order, but naming them first lets PostgreSQL
    // walk the (owner, status, last_updated, id) kind of index in order instead of filtering a newer slice.
    const pinned = pinnedColumns(request).map((column) => `"${column}" ${direction}, `).join('');
    // The page and the total run side by side, and both are awaited together: should one fail, the
    // other's outcome is still handled (a promise left to reject on its own brings the process down).
    const [{ rows }, total] = await Promise.all([
      client.query<{ resource: Resource; sort_key: string; id: string }>(
        `SELECT resource, (${sortSql})::text AS sort_key, id FROM "${table}"
         WHERE ${where}${keyset} ORDER BY ${pinned}${sortSql} ${direction}, id ${direction} LIMIT ${limit}`,
        pageParams.values,
      ),
      request.total === 'accurate' ? countTotal() : undefined,
    ]);
    const hasMore = rows.length > request.count;
    const page = rows.slice(0, request.count);
    if (backwards) page.reverse();

    const result: SearchResult = { matches: page.map((row) => row.resource), included: [] };
    if (page.length > 0) {
      const first = page[0];
      const last = page[page.length - 1];
      const hasNext = backwards ? true : hasMore;
      const hasPrevious = backwards ? hasMore : request.cursor !== undefined;
      if (hasNext) result.nextCursor = encodeCursor({ direction: 'next', sortValue: last.sort_key, id: last.id });
      if (hasPrevious) result.previousCursor = encodeCursor({ direction: 'previous', sortValue: first.sort_key, id: first.id });
    }
    result.included = await this.loadIncludes(client, request, result.matches);
    if (total) result.total = total.rows[0].total;
    return result;
  }

  /** Follows `_include` references and `_revinclude` back-references: one query per type, not per row. */
  private async loadIncludes(client: SqlClient, request: SearchRequest, matches: Resource[]): Promise<Resource[]> {
    if (matches.length === 0 || (request.includes.length === 0 && request.revIncludes.length === 0)) return [];
    const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id}`));
    const included: Resource[] = [];
    const add = (resources: Resource[]) => {
      for (const resource of resources) {
        const key = `${resource.resourceType}/${resource.id}`;
        if (!seen.has(key) && included.length < MAX_INCLUDED) {
          seen.add(key);
          included.push(resource);
        }
      }
    };

    const wanted = new Map<string, Set<string>>();
    for (const include of request.includes) this.collectIncludeTargets(include, matches, wanted);
    // Includes answer to the caller's access like matches do: a search never pulls in what it could not find.
    const visible = (type: string, params: SqlParams) => (request.access ? request.access.visibleSql(type, params) : 'TRUE');
    for (const [type, ids] of wanted) {
      const params = new SqlParams();
      const idsParam = params.add([...ids]);
      const { rows } = await client.query<{ resource: Resource }>(
        `SELECT resource FROM "${tableNameOf(type)}" WHERE id = ANY(${idsParam}::text[]) AND ${visible(type, params)} LIMIT ${MAX_INCLUDED}`,
        params.values,
      );
      add(rows.map((row) => row.resource));
    }

    const references = matches.map((r) => `${r.resourceType}/${r.id}`);
    for (const revInclude of request.revIncludes) {
      const column = `"${revInclude.parameter.column}"`;
      const params = new SqlParams();
      const referencesParam = params.add(references);
      const condition = revInclude.parameter.multiple ? `${column} && ${referencesParam}::text[]` : `${column} = ANY(${referencesParam}::text[])`;
      const { rows } = await client.query<{ resource: Resource }>(
        `SELECT resource FROM "${tableNameOf(revInclude.sourceType)}" WHERE ${condition} AND ${visible(revInclude.sourceType, params)} LIMIT ${MAX_INCLUDED}`,
        params.values,
      );
      add(rows.map((row) => row.resource));
    }
    return included;
  }

  private collectIncludeTargets(include: IncludeRequest, matches: Resource[], wanted: Map<string, Set<string>>): void {
    for (const resource of matches) {
      for (const path of include.parameter.paths) {
        for (const element of valuesAtPath(resource, path)) {
          const reference = (element as { reference?: unknown }).reference;
          if (typeof reference !== 'string') continue;
          const local = parseLocalReference(reference, this.baseUrl);
          if (!local || !include.parameter.targets?.includes(local.type as never)) continue;
          if (include.targetType && local.type !== include.targetType) continue;
          const ids = wanted.get(local.type) ?? new Set<string>();
          ids.add(local.id);
          wanted.set(local.type, ids);
        }
      }
    }
  }
}
