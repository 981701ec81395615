import { BundleEntry, Resource } from '@app/fhir';
import { SqlClient } from '../../database/sql-client';
import { DomainError } from '../../common/errors/domain-error';
import { parseFhirDateRange } from '../search/fhir-date-range';
import { RESOURCE_ID, decodeCursorJson, isTimestampText } from '../search/search-cursor';
import { MAX_VERSION, etagOf } from './stored-resource';

export interface HistoryQuery {
  /** The types covered: one for instance and type history, several for system history. */
  resourceTypes: string[];
  id?: string;
  count: number;
  since?: string;
  /** The versions current at some moment of this date or instant (one per resource for an instant). */
  at?: string;
  /** Opaque position from a previous page's `next` link. */
  cursor?: string;
}

export interface HistoryPage {
  entries: BundleEntry[];
  total: number;
  nextCursor?: string;
}

interface HistoryRow {
  resource_type: string;
  id: string;
  version_id: number;
  last_updated: Date;
  method: 'create' | 'update' | 'delete';
  resource: Resource | null;
  position: string;
}

const METHODS = { create: 'POST', update: 'PUT', delete: 'DELETE' } as const;
const STATUSES = { create: '201 Created', update: '200 OK', delete: '204 No Content' } as const;

/** Instance, type and system history, newest first, paged by position (last_updated, id, version). */
export class FhirHistoryService {
  constructor(
    private readonly client: SqlClient,
    private readonly baseUrl: string,
  ) {}

  async history(query: HistoryQuery): Promise<HistoryPage> {
    const params: unknown[] = [query.resourceTypes];
    const conditions = ['resource_type = ANY($1::text[])'];
    if (query.id) {
      params.push(query.id);
      conditions.push(`id = $${params.length}`);
    }
    let source = 'fhir_history';
    if (query.at) {
      const at = parseFhirDateRange(query.at);
      if (!at) throw DomainError.badRequest(`_at must be a date or an instant, got "${query.at.slice(0, 64)}"`, '_at');
      // A version is current from its own last_updated until the next version's: it was current during
      // the period when it began before the period's end and was not superseded before its start.
      params.push(at.end.toISOString());
      source = `(SELECT h.*, lead(h.last_updated) OVER (PARTITION BY h.resource_type, h.id ORDER BY h.version_id) AS superseded
                 FROM fhir_history h WHERE ${conditions.map((c) => c.replace(/^(resource_type|id)\b/, 'h.$1')).join(' AND ')}
                  AND h.last_updated < $${params.length}::timestamptz) AS current_then`;
      params.push(at.start.toISOString());
      conditions.push(`(superseded IS NULL OR superseded > $${params.length}::timestamptz)`);
    }
    if (query.since) {
      const since = parseFhirDateRange(query.since);
      if (!since) throw DomainError.badRequest(`_since must be an instant, got "${query.since}"`, '_since');
      params.push(since.start.toISOString());
      conditions.push(`last_updated >= $${params.length}::timestamptz`);
    }
    const countParams = [...params];
    const countSql = `SELECT count(*)::int AS total FROM ${source} WHERE ${conditions.join(' AND ')}`;
    if (query.cursor) {
      const [lastUpdated, id, version] = decodePosition(query.cursor);
      params.push(lastUpdated, id, version);
      conditions.push(`(last_updated, id, version_id) < ($${params.length - 2}::timestamptz, $${params.length - 1}, $${params.length}::int)`);
    }
    params.push(query.count + 1);
    const [page, total] = await Promise.all([
      this.client.query<HistoryRow>(
        `SELECT resource_type, id, version_id, last_updated, method, resource, last_updated::text AS position FROM ${source}
         WHERE ${conditions.join(' AND ')} ORDER BY last_updated DESC, id DESC, version_id DESC LIMIT $${params.length}`,
        params,
      ),
      query.cursor ? Promise.resolve(undefined) : this.client.query<{ total: number }>(countSql, countParams),
    ]);
    const rows = page.rows.slice(0, query.count);
    const entries = rows.map((row) => this.entryOf(row));
    const last = rows[rows.length - 1];
    return {
      entries,
      total: total?.rows[0].total ?? -1,
      nextCursor: page.rows.length > query.count && last ? encodePosition([last.position, last.id, last.version_id]) : undefined,
    };
  }

  private entryOf(row: HistoryRow): BundleEntry {
    const resourceType = row.resource_type;
    const url = `${resourceType}/${row.id}`;
    return {
      fullUrl: `${this.baseUrl}/${url}`,
      ...(row.resource ? { resource: row.resource } : {}),
      request: { method: METHODS[row.method], url: row.method === 'create' ? resourceType : url },
      response: {
        status: STATUSES[row.method],
        etag: etagOf(row.version_id),
        lastModified: row.last_updated.toISOString(),
      },
    };
  }
}

function encodePosition(position: [string, string, number]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * A history cursor, checked as strictly as a search cursor (see search-cursor.ts): a position that is a
 * real instant, a FHIR id and a version number, or 400 — never a database error.
 */
function decodePosition(raw: string): [string, string, number] {
  const value = decodeCursorJson(raw);
  if (Array.isArray(value) && value.length === 3) {
    const [position, id, version] = value as unknown[];
    if (
      typeof position === 'string' &&
      position.length <= 64 &&
      isTimestampText(position) &&
      typeof id === 'string' &&
      RESOURCE_ID.test(id) &&
      typeof version === 'number' &&
      Number.isInteger(version) &&
      version >= 1 &&
      version <= MAX_VERSION
    ) {
      return [position, id, version];
    }
  }
  throw DomainError.badRequest('_cursor is not a valid history position; follow the links of a history Bundle', '_cursor');
}
