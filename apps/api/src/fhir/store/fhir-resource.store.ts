import { randomUUID } from 'node:crypto';
import { Resource } from '@app/fhir';
import { Database, SqlClient } from '../../database/sql-client';
import { DomainError } from '../../common/errors/domain-error';
import { tableNameOf } from '../search/search-parameter.registry';
import { SqlParams } from '../search/search-sql.builder';
import { assertReferencesResolve, referencedTargets } from './reference-checker';
import { claimedIdentifiers, insertRowSql, rowInsertParams, rowWriteParams, updateRowSql } from './resource-row.sql';
import { StoredResource, stamp } from './stored-resource';

export interface WriteOptions {
  /** Run inside this transaction (a transaction Bundle) instead of on its own. */
  client?: SqlClient;
  /**
   * Leave the reference check to the caller: entries of a transaction may point at each other in
   * any order, so the transaction checks them all once everything is written.
   */
  deferReferenceCheck?: boolean;
}

export interface WriteResult extends StoredResource {
  created: boolean;
}

const UNIQUE_VIOLATION = '23505';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

function isIdentifierClash(error: unknown): boolean {
  const pg = error as PgError;
  return pg?.code === UNIQUE_VIOLATION && pg.constraint === 'fhir_identifier_pkey';
}

export function identifierClash(resourceType: string, error: unknown): DomainError {
  const detail = (error as PgError).detail ?? '';
  const match = /=\(([^,]+), ([^,]+), (.+)\) already exists/.exec(detail);
  const what = match ? `${match[2]}|${match[3]}` : 'one of its identifiers';
  return DomainError.conflict(`another ${resourceType} already has the identifier ${what}`, `${resourceType}.identifier`);
}

/**
 * The system of record for FHIR resources: one table per type, every version kept in
 * fhir_history, search columns filled from the declarations on every write.
 */
export class FhirResourceStore {
  constructor(
    private readonly database: Database,
    private readonly baseUrl: string,
  ) {}

  get db(): Database {
    return this.database;
  }

  /**
   * The current version. With `visibility` (the caller's access condition), a row the caller may not
   * see answers 404 like one that does not exist, and a deleted one does too (410 would tell it existed).
   */
  async read(resourceType: string, id: string, client: SqlClient = this.database, visibility?: (params: SqlParams) => string): Promise<StoredResource> {
    const params = new SqlParams();
    const idParam = params.add(id);
    const condition = visibility ? visibility(params) : 'TRUE';
    const { rows } = await client.query<{ resource: Resource; version_id: number; last_updated: Date }>(
      `SELECT resource, version_id, last_updated FROM "${tableNameOf(resourceType)}" WHERE id = ${idParam} AND ${condition}`,
      params.values,
    );
    if (rows.length === 0) {
      if (condition !== 'TRUE') throw DomainError.notFound(`${resourceType}/${id} does not exist`);
      const deleted = await this.lastHistoryVersion(client, resourceType, id);
      if (deleted?.method === 'delete') throw DomainError.gone(`${resourceType}/${id} was deleted`);
      throw DomainError.notFound(`${resourceType}/${id} does not exist`);
    }
    const row = rows[0];
    return { resource: row.resource, versionId: row.version_id, lastUpdated: row.last_updated.toISOString() };
  }

  /**
   * The current version, locked until the transaction ends (undefined when there is none), and whether
   * the row meets `visibility` (the caller's access condition): one round trip for the lock and the
   * access check of a write, which still tells a hidden row (404) from a missing one (update as create).
   */
  async readForUpdate(
    resourceType: string,
    id: string,
    client: SqlClient,
    visibility?: (params: SqlParams) => string,
  ): Promise<{ stored: StoredResource; visible: boolean } | undefined> {
    const table = tableNameOf(resourceType);
    const params = new SqlParams();
    const idParam = params.add(id);
    const condition = visibility ? visibility(params) : 'TRUE';
    const { rows } = await client.query<{ resource: Resource; version_id: number; last_updated: Date; visible: boolean }>(
      `SELECT resource, version_id, last_updated, ${condition} AS visible FROM "${table}" WHERE id = ${idParam} FOR UPDATE`,
      params.values,
    );
    const row = rows[0];
    return row && { stored: { resource: row.resource, versionId: row.version_id, lastUpdated: row.last_updated.toISOString() }, visible: row.visible === true };
  }

  async vread(resourceType: string, id: string, versionId: number): Promise<StoredResource> {
    const { rows } = await this.database.query<{ resource: Resource | null; method: string; last_updated: Date }>(
      `SELECT resource, method, last_updated FROM fhir_history WHERE resource_type = $1 AND id = $2 AND version_id = $3`,
      [resourceType, id, versionId],
    );
    if (rows.length === 0) throw DomainError.notFound(`${resourceType}/${id} has no version ${versionId}`);
    if (!rows[0].resource) throw DomainError.gone(`${resourceType}/${id} version ${versionId} is a deletion`);
    return { resource: rows[0].resource, versionId, lastUpdated: rows[0].last_updated.toISOString() };
  }

  /** Creates with a new server id (or the given one, for update-as-create). */
  async create(resource: Resource, options: WriteOptions & { id?: string; versionId?: number } = {}): Promise<WriteResult> {
    const client = options.client ?? this.database;
    const id = options.id ?? randomUUID();
    const versionId = options.versionId ?? 1;
    const lastUpdated = new Date().toISOString();
    const stored = stamp(resource, id, versionId, lastUpdated);
    if (!options.deferReferenceCheck) await assertReferencesResolve(client, stored, this.baseUrl);
    try {
      await client.query(insertRowSql(resource.resourceType), rowInsertParams(stored, versionId, lastUpdated, this.baseUrl));
    } catch (error) {
      if (isIdentifierClash(error)) throw identifierClash(resource.resourceType, error);
      throw error;
    }
    return { resource: stored, versionId, lastUpdated, created: true };
  }

  /**
   * Writes the version after `currentVersion`, whose row the caller has read and locked in this
   * transaction (FhirService checks If-Match and the write rules against it first).
   */
  async replace(resource: Resource, id: string, current: StoredResource, client: SqlClient, deferReferenceCheck = false): Promise<WriteResult> {
    const versionId = current.versionId + 1;
    const lastUpdated = new Date().toISOString();
    const stored = stamp(resource, id, versionId, lastUpdated);
    if (!deferReferenceCheck) await assertReferencesResolve(client, stored, this.baseUrl);
    await client.query(updateRowSql(resource.resourceType), rowWriteParams(stored, versionId, lastUpdated, this.baseUrl));
    // Most changes (a status, a note) leave the identifiers as they were: their rows stay untouched.
    if (JSON.stringify(claimedIdentifiers(stored)) !== JSON.stringify(claimedIdentifiers(current.resource))) await this.syncIdentifiers(client, stored);
    const targets = referencedTargets(stored, this.baseUrl);
    if (targets.join() !== referencedTargets(current.resource, this.baseUrl).join()) await this.syncReferences(client, stored, targets);
    return { resource: stored, versionId, lastUpdated, created: false };
  }

  private async syncReferences(client: SqlClient, resource: Resource, targets: string[]): Promise<void> {
    // One statement: the delete and the insert see the same snapshot, so they must not touch the same
    // keys (a kept reference re-inserted would clash with its own row): drop only what went, add only what came.
    await client.query(
      `WITH gone AS (DELETE FROM fhir_reference WHERE source_type = $1 AND source_id = $2 AND target <> ALL($3::text[]))
       INSERT INTO fhir_reference (source_type, source_id, target) SELECT $1, $2, t FROM unnest($3::text[]) AS t ON CONFLICT DO NOTHING`,
      [resource.resourceType, resource.id, targets],
    );
  }

  /**
   * What still refers to any of `targets` (`Type/id`), at most `limit` of them: a resource others
   * point at is not deleted from under them. Resources deleted earlier in the same transaction no
   * longer count.
   */
  async referrersOf(targets: string[], client: SqlClient, limit: number): Promise<Array<{ source: string; target: string }>> {
    const { rows } = await client.query<{ source: string; target: string }>(
      `SELECT source_type || '/' || source_id AS source, target FROM fhir_reference WHERE target = ANY($1::text[]) ORDER BY 1 LIMIT $2`,
      [targets, limit],
    );
    return rows;
  }

  private async syncIdentifiers(client: SqlClient, resource: Resource): Promise<void> {
    await client.query(`DELETE FROM fhir_identifier WHERE resource_type = $1 AND resource_id = $2`, [resource.resourceType, resource.id]);
    const { systems, values } = claimedIdentifiers(resource);
    try {
      await client.query(
        `INSERT INTO fhir_identifier (resource_type, system, value, resource_id)
         SELECT $1, s, v, $2 FROM unnest($3::text[], $4::text[]) AS claimed(s, v)`,
        [resource.resourceType, resource.id, systems, values],
      );
    } catch (error) {
      if (isIdentifierClash(error)) throw identifierClash(resource.resourceType, error);
      throw error;
    }
  }

  /** Deletes the current version (history keeps it). Deleting what is not there is not an error. */
  async delete(resourceType: string, id: string, client?: SqlClient): Promise<{ deleted: boolean; versionId?: number }> {
    const run = async (tx: SqlClient) => {
      const { rows } = await tx.query<{ version_id: number }>(
        `DELETE FROM "${tableNameOf(resourceType)}" WHERE id = $1 RETURNING version_id`,
        [id],
      );
      if (rows.length === 0) return { deleted: false };
      const versionId = rows[0].version_id + 1;
      await tx.query(
        `INSERT INTO fhir_history (resource_type, id, version_id, last_updated, method, resource) VALUES ($1, $2, $3, now(), 'delete', NULL)`,
        [resourceType, id, versionId],
      );
      await tx.query(
        `WITH identifiers AS (DELETE FROM fhir_identifier WHERE resource_type = $1 AND resource_id = $2)
         DELETE FROM fhir_reference WHERE source_type = $1 AND source_id = $2`,
        [resourceType, id],
      );
      return { deleted: true, versionId };
    };
    return client ? run(client) : this.database.transaction(run);
  }

  /** The version a resource gets when it is (re)created with this id: one past any deleted history. */
  async nextVersionOf(resourceType: string, id: string, client: SqlClient): Promise<number> {
    return ((await this.lastHistoryVersion(client, resourceType, id))?.versionId ?? 0) + 1;
  }

  private async lastHistoryVersion(
    client: SqlClient,
    resourceType: string,
    id: string,
  ): Promise<{ versionId: number; method: string } | undefined> {
    const { rows } = await client.query<{ version_id: number; method: string }>(
      `SELECT version_id, method FROM fhir_history WHERE resource_type = $1 AND id = $2 ORDER BY version_id DESC LIMIT 1`,
      [resourceType, id],
    );
    return rows[0] && { versionId: rows[0].version_id, method: rows[0].method };
  }
}
