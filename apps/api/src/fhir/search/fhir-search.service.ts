import { Resource } from '@app/fhir';
import { SqlClient } from '../../database/sql-client';
import { encodeCursor } from './search-cursor';
import { tableNameOf } from './search-parameter.registry';
import { SearchRequest, SortKey } from './search-request';
import { SqlParams, buildSearchWhere } from './search-sql.builder';
import { loadIncludes } from './search-includes';
import { KeysetColumn, keysetAfter, sortValueCast } from './search-sort';

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

    const sort = request.sort;
    const backwards = request.cursor?.direction === 'previous';
    // Walking backwards reverses the order; the page is turned round again below.
    const descending = (key: SortKey) => key.descending !== backwards;
    // The id breaks ties in the last key's direction: with one direction throughout, a row comparison
    // (and an index) serves the whole order.
    const idDescending = descending(sort[sort.length - 1]);
    const order = (isDescending: boolean) => (isDescending ? 'DESC' : 'ASC');
    const pageParams = new SqlParams();
    pageParams.values.push(...params.values);
    let keyset = '';
    if (request.cursor) {
      const cursor = request.cursor;
      const columns: KeysetColumn[] = sort.map((key, index) => ({
        sql: key.expression,
        value: `${pageParams.add(cursor.sortValues[index])}::${sortValueCast(key)}`,
        descending: descending(key),
      }));
      columns.push({ sql: 'id', value: `${pageParams.add(cursor.id)}::text`, descending: idDescending });
      keyset = ` AND ${keysetAfter(columns)}`;
    }
    const limit = pageParams.add(request.count + 1);
    // Columns pinned to one value change nothing in the order, but naming them first lets PostgreSQL
    // walk the (owner, status, last_updated, id) kind of index in order instead of filtering a newer slice.
    const pinned = pinnedColumns(request).map((column) => `"${column}" ${order(descending(sort[0]))}, `).join('');
    const orderBy = `${pinned}${sort.map((key) => `${key.expression} ${order(descending(key))}`).join(', ')}, id ${order(idDescending)}`;
    const sortKeys = sort.map((key, index) => `(${key.expression})::text AS sort_${index}`).join(', ');
    // The page and the total run side by side, and both are awaited together: should one fail, the
    // other's outcome is still handled (a promise left to reject on its own brings the process down).
    const [{ rows }, total] = await Promise.all([
      client.query<Record<string, string> & { resource: Resource; id: string }>(
        `SELECT resource, ${sortKeys}, id FROM "${table}"
         WHERE ${where}${keyset} ORDER BY ${orderBy} LIMIT ${limit}`,
        pageParams.values,
      ),
      request.total === 'accurate' ? countTotal() : undefined,
    ]);
    const hasMore = rows.length > request.count;
    const page = rows.slice(0, request.count);
    if (backwards) page.reverse();
    const positionOf = (row: Record<string, string>) => sort.map((_key, index) => row[`sort_${index}`]);

    const result: SearchResult = { matches: page.map((row) => row.resource), included: [] };
    if (page.length > 0) {
      const first = page[0];
      const last = page[page.length - 1];
      const hasNext = backwards ? true : hasMore;
      const hasPrevious = backwards ? hasMore : request.cursor !== undefined;
      if (hasNext) result.nextCursor = encodeCursor({ direction: 'next', sortValues: positionOf(last), id: last.id });
      if (hasPrevious) result.previousCursor = encodeCursor({ direction: 'previous', sortValues: positionOf(first), id: first.id });
    }
    if (result.matches.length > 0 && (request.includes.length > 0 || request.revIncludes.length > 0)) {
      result.included = await loadIncludes(client, this.baseUrl, request, result.matches);
    }
    if (total) result.total = total.rows[0].total;
    return result;
  }
}
