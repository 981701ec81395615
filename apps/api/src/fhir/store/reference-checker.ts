import { Resource, isStoredResourceType } from '@app/fhir';
import { SqlClient } from '../../database/sql-client';
import { DomainError } from '../../common/errors/domain-error';
import { parseLocalReference } from '../search/reference';
import { tableNameOf } from '../search/search-parameter.registry';
import { referencesIn, unresolvedReferenceOf } from './reference-forms';

interface LocatedLocalReference {
  type: string;
  id: string;
  expression: string;
}

/** Every `reference` in the resource (outside `contained`) that points to a resource type Bro stores, with where it sits. */
export function localReferencesOf(resource: Resource, baseUrl: string): LocatedLocalReference[] {
  return referencesIn(resource, false).flatMap(({ value, expression }) => {
    const local = parseLocalReference(value, baseUrl);
    return local && isStoredResourceType(local.type) ? [{ ...local, expression }] : [];
  });
}

/**
 * 400 for a reference only a transaction Bundle can resolve (`urn:uuid:`, `Type?criteria`) arriving
 * anywhere else, or left over in one (naming no entry): stored verbatim it would point at nothing.
 */
export function assertNoUnresolvedReference(resource: Resource): void {
  const unresolved = unresolvedReferenceOf(resource);
  if (!unresolved) return;
  throw DomainError.badRequest(
    `${unresolved.expression}: "${unresolved.value.slice(0, 200)}" names no stored resource; urn:uuid: references name the fullUrl of an entry in the same transaction Bundle, and conditional references (Type?criteria) are resolved only in a transaction Bundle`,
    unresolved.expression,
  );
}

/** The distinct `Type/id` a resource refers to (itself excluded): what fhir_reference records for it. */
export function referencedTargets(resource: Resource, baseUrl: string): string[] {
  const self = `${resource.resourceType}/${resource.id}`;
  return [...new Set(localReferencesOf(resource, baseUrl).map((reference) => `${reference.type}/${reference.id}`))].filter((target) => target !== self).sort();
}

/**
 * Refuses a write whose references to Bro's own resources point at nothing: a Task owned by a
 * PractitionerRole that does not exist would be an orphan no inbox ever shows. One query per write,
 * whatever the number of references.
 */
export async function assertReferencesResolve(client: SqlClient, resource: Resource, baseUrl: string): Promise<void> {
  const references = localReferencesOf(resource, baseUrl);
  if (references.length === 0) return;
  const byType = new Map<string, string[]>();
  for (const reference of references) {
    const ids = byType.get(reference.type) ?? [];
    if (!ids.includes(reference.id)) ids.push(reference.id);
    byType.set(reference.type, ids);
  }
  const params: unknown[] = [];
  const selects = [...byType.entries()].map(([type, ids]) => {
    params.push(ids);
    return `SELECT '${type}/' || id AS ref FROM "${tableNameOf(type)}" WHERE id = ANY($${params.length}::text[])`;
  });
  const { rows } = await client.query<{ ref: string }>(selects.join(' UNION ALL '), params);
  const existing = new Set(rows.map((row) => row.ref));
  const missing = references.filter((reference) => !existing.has(`${reference.type}/${reference.id}`));
  if (missing.length > 0) {
    throw new DomainError(
      422,
      missing.map((reference) => ({
        severity: 'error',
        code: 'processing',
        diagnostics: `${reference.expression}: ${reference.type}/${reference.id} does not exist`,
        expression: [reference.expression],
      })),
    );
  }
}
