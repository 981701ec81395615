import { Identifier, Resource } from '@app/fhir';
import { searchParameterRegistry, tableNameOf } from '../search/search-parameter.registry';
import { extractSearchValues } from '../search/search-value.extractor';
import { searchColumnsDdl } from './fhir-schema.ddl';
import { referencedTargets } from './reference-checker';

/**
 * SQL for writing one resource row with its search columns, its history row and its identifier
 * claims, generated once per resource type from the search-parameter declarations.
 */
interface RowStatements {
  /** Insert of row + history + identifiers + references in one statement (one round trip for a create). */
  insert: string;
  /** Update of row + history in one statement; identifiers are synced separately. */
  update: string;
  searchColumns: string[];
}

const cache = new Map<string, RowStatements>();

function statementsFor(resourceType: string): RowStatements {
  const cached = cache.get(resourceType);
  if (cached) return cached;
  const table = tableNameOf(resourceType);
  const searchColumns = searchParameterRegistry.columnsOf(resourceType).flatMap((c) => searchColumnsDdl(table, c));
  const names = searchColumns.map((c) => `"${c.column}"`);
  const casts = searchColumns.map((c, i) => `$${i + 6}::${c.sqlType}`);
  // $1 id, $2 version, $3 last_updated, $4 resource json, $5 resource type, then the search columns;
  // an insert also binds the claimed identifiers' systems and values and the references after them.
  const systemsParam = `$${searchColumns.length + 6}::text[]`;
  const valuesParam = `$${searchColumns.length + 7}::text[]`;
  const targetsParam = `$${searchColumns.length + 8}::text[]`;
  const history = `INSERT INTO fhir_history (resource_type, id, version_id, last_updated, method, resource)
    VALUES ($5, $1, $2, $3::timestamptz, %METHOD%, $4::jsonb)`;
  const insert = `WITH row AS (
      INSERT INTO "${table}" (id, version_id, last_updated, resource${names.map((n) => ', ' + n).join('')})
      VALUES ($1, $2, $3::timestamptz, $4::jsonb${casts.map((c) => ', ' + c).join('')})
    ), history AS (${history.replace('%METHOD%', "'create'")}
    ), identifiers AS (
      INSERT INTO fhir_identifier (resource_type, system, value, resource_id)
      SELECT $5, s, v, $1 FROM unnest(${systemsParam}, ${valuesParam}) AS claimed(s, v)
    ), refs AS (
      INSERT INTO fhir_reference (source_type, source_id, target) SELECT $5, $1, t FROM unnest(${targetsParam}) AS t
    ) SELECT 1`;
  const update = `WITH row AS (
      UPDATE "${table}" SET version_id = $2, last_updated = $3::timestamptz, resource = $4::jsonb${names
        .map((n, i) => `, ${n} = ${casts[i]}`)
        .join('')}
      WHERE id = $1 RETURNING id
    ), history AS (${history.replace('%METHOD%', "'update'")}
    ) SELECT count(*)::int AS updated FROM row`;
  const statements = { insert, update, searchColumns: searchColumns.map((c) => c.column) };
  cache.set(resourceType, statements);
  return statements;
}

/** Identifiers with both system and value: each may belong to one resource of a type (a unique index says so). */
export function claimedIdentifiers(resource: Resource): { systems: string[]; values: string[] } {
  const systems: string[] = [];
  const values: string[] = [];
  const identifiers = Array.isArray(resource.identifier) ? (resource.identifier as Identifier[]) : [];
  for (const identifier of identifiers) {
    if (typeof identifier.system !== 'string' || typeof identifier.value !== 'string') continue;
    const duplicate = systems.some((s, i) => s === identifier.system && values[i] === identifier.value);
    if (!duplicate) {
      systems.push(identifier.system);
      values.push(identifier.value);
    }
  }
  return { systems, values };
}

/** Bind parameters for {@link updateRowSql}; {@link insertRowSql} takes these plus the claimed identifiers and the references. */
export function rowWriteParams(resource: Resource, versionId: number, lastUpdated: string, baseUrl: string): unknown[] {
  const statements = statementsFor(resource.resourceType);
  const extracted = extractSearchValues(resource, baseUrl);
  const byColumn = new Map(extracted.map((e) => [e.column, e.value]));
  return [
    resource.id,
    versionId,
    lastUpdated,
    JSON.stringify(resource),
    resource.resourceType,
    ...statements.searchColumns.map((column) => byColumn.get(column) ?? null),
  ];
}

export function rowInsertParams(resource: Resource, versionId: number, lastUpdated: string, baseUrl: string): unknown[] {
  const { systems, values } = claimedIdentifiers(resource);
  return [...rowWriteParams(resource, versionId, lastUpdated, baseUrl), systems, values, referencedTargets(resource, baseUrl)];
}

export function insertRowSql(resourceType: string): string {
  return statementsFor(resourceType).insert;
}

export function updateRowSql(resourceType: string): string {
  return statementsFor(resourceType).update;
}
