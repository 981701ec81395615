import { Resource, isStoredResourceType } from '@app/fhir';
import { SqlClient } from '../../database/sql-client';
import { DomainError } from '../../common/errors/domain-error';
import { parseLocalReference } from '../search/reference';
import { tableNameOf } from '../search/search-parameter.registry';

interface FoundReference {
  type: string;
  id: string;
  expression: string;
}

/** Every `reference` in the resource that points to a resource type Bro stores, with where it sits. */
export function localReferencesOf(resource: Resource, baseUrl: string): FoundReference[] {
  const found: FoundReference[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, `${path}[${index}]`));
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'contained') continue;
      if (key === 'reference' && typeof value === 'string') {
        const local = parseLocalReference(value, baseUrl);
        if (local && isStoredResourceType(local.type)) found.push({ ...local, expression: `${path}.reference` });
      } else if (value && typeof value === 'object') {
        walk(value, `${path}.${key}`);
      }
    }
  };
  walk(resource, resource.resourceType);
  return found;
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
