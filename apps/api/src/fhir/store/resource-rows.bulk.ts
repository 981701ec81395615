import { randomUUID } from 'node:crypto';
import { Resource } from '@app/fhir';
import { SqlClient } from '../../database/sql-client';
import { searchParameterRegistry, tableNameOf } from '../search/search-parameter.registry';
import { searchColumnsDdl } from './fhir-schema.ddl';
import { referencedTargets } from './reference-checker';
import { claimedIdentifiers, rowWriteParams } from './resource-row.sql';
import { identifierClash } from './fhir-resource.store';
import { stamp } from './stored-resource';

/**
 * Many new resources of one type in one statement (rows, history, identifiers, references): for what Bro
 * derives in bulk inside a write's transaction, such as the Slots a Schedule's rule gives. The caller
 * vouches that every reference resolves (they point at what the same transaction wrote) and runs the
 * write's own checks; nothing here audits or announces, so it is for resources without patient data.
 */
export async function insertResources(client: SqlClient, resources: readonly Resource[], baseUrl: string, options: { keepIds?: boolean } = {}): Promise<Resource[]> {
  if (resources.length === 0) return [];
  const resourceType = resources[0].resourceType;
  if (resources.some((resource) => resource.resourceType !== resourceType)) throw new Error('insertResources writes resources of one type');
  const table = tableNameOf(resourceType);
  const columns = searchParameterRegistry.columnsOf(resourceType).flatMap((column) => searchColumnsDdl(table, column));
  const lastUpdated = new Date().toISOString();
  // A bulk load that links its rows to each other (a seeded directory) chose their ids; Bro's own derived rows get new ones.
  const stored = resources.map((resource) => stamp(resource, options.keepIds && typeof resource.id === 'string' ? resource.id : randomUUID(), 1, lastUpdated));
  const values: unknown[] = [resourceType, lastUpdated];
  const rows: string[] = [];
  const history: string[] = [];
  const claims = { ids: [] as string[], systems: [] as string[], values: [] as string[] };
  const references = { ids: [] as string[], targets: [] as string[] };
  for (const resource of stored) {
    // rowWriteParams: id, version, last updated, json, type, then the search columns in declaration order.
    const [id, , , json, , ...search] = rowWriteParams(resource, 1, lastUpdated, baseUrl);
    const at = values.length;
    values.push(id, json, ...search);
    rows.push(`($${at + 1}, 1, $2::timestamptz, $${at + 2}::jsonb${columns.map((column, i) => `, $${at + 3 + i}::${column.sqlType}`).join('')})`);
    history.push(`($1, $${at + 1}, 1, $2::timestamptz, 'create', $${at + 2}::jsonb)`);
    const { systems, values: identifierValues } = claimedIdentifiers(resource);
    systems.forEach((system, i) => {
      claims.ids.push(resource.id as string);
      claims.systems.push(system);
      claims.values.push(identifierValues[i]);
    });
    for (const target of referencedTargets(resource, baseUrl)) {
      references.ids.push(resource.id as string);
      references.targets.push(target);
    }
  }
  const [ids, systems, identifierValues, sources, targets] = [claims.ids, claims.systems, claims.values, references.ids, references.targets].map((array) => {
    values.push(array);
    return `$${values.length}::text[]`;
  });
  try {
    await client.query(
      `WITH rows AS (
         INSERT INTO "${table}" (id, version_id, last_updated, resource${columns.map((column) => `, "${column.column}"`).join('')}) VALUES ${rows.join(', ')}
       ), history AS (
         INSERT INTO fhir_history (resource_type, id, version_id, last_updated, method, resource) VALUES ${history.join(', ')}
       ), identifiers AS (
         INSERT INTO fhir_identifier (resource_type, system, value, resource_id) SELECT $1, s, v, i FROM unnest(${systems}, ${identifierValues}, ${ids}) AS claimed(s, v, i)
       ), refs AS (
         INSERT INTO fhir_reference (source_type, source_id, target) SELECT $1, s, t FROM unnest(${sources}, ${targets}) AS linked(s, t)
       ) SELECT 1`,
      values,
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw identifierClash(resourceType, error);
    throw error;
  }
  return stored;
}

/**
 * Deletes many resources of one type in one statement, each leaving a deletion in the history, as a
 * single delete does. For what Bro derived itself and now withdraws (free Slots of a rule that went).
 */
export async function deleteResources(client: SqlClient, resourceType: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { rows } = await client.query<{ deleted: number }>(
    `WITH gone AS (
       DELETE FROM "${tableNameOf(resourceType)}" WHERE id = ANY($2::text[]) RETURNING id, version_id
     ), history AS (
       INSERT INTO fhir_history (resource_type, id, version_id, last_updated, method, resource) SELECT $1, id, version_id + 1, now(), 'delete', NULL FROM gone
     ), identifiers AS (
       DELETE FROM fhir_identifier WHERE resource_type = $1 AND resource_id IN (SELECT id FROM gone)
     ), refs AS (
       DELETE FROM fhir_reference WHERE source_type = $1 AND source_id IN (SELECT id FROM gone)
     ) SELECT count(*)::int AS deleted FROM gone`,
    [resourceType, ids],
  );
  return rows[0]?.deleted ?? 0;
}
