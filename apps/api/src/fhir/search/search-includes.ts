import { Resource } from '@app/fhir';
import { SqlClient } from '../../database/sql-client';
import { valuesAtPath } from './element-path';
import { parseLocalReference } from './reference';
import { tableNameOf } from './search-parameter.registry';
import { IncludeRequest, SearchRequest } from './search-request';
import { SqlParams } from './search-sql.builder';
import { visibleSqlOf } from './search-visibility';

/** Includes are capped so one search cannot pull a whole table along. */
export const MAX_INCLUDED = 1000;
/** Rounds of `:iterate` after the first: enough for Task → PractitionerRole → Organization → its parent. */
export const MAX_ITERATE_ROUNDS = 3;

const keyOf = (resource: Resource) => `${resource.resourceType}/${resource.id}`;

/**
 * Follows `_include` references and `_revinclude` back-references from the matches, then the
 * `:iterate` ones from what the previous round added, until a round adds nothing or the rounds or
 * MAX_INCLUDED run out. Each round costs one query per included type and one per revinclude, never one
 * per row. Every query answers to the caller's access, like the matches: a search never pulls in
 * what the caller could not read, nor follows references out of it.
 */
export async function loadIncludes(client: SqlClient, baseUrl: string, request: SearchRequest, matches: Resource[]): Promise<Resource[]> {
  const seen = new Set(matches.map(keyOf));
  const included: Resource[] = [];
  let sources = matches;
  for (let round = 0; round <= MAX_ITERATE_ROUNDS && sources.length > 0 && included.length < MAX_INCLUDED; round++) {
    const includes = round === 0 ? request.includes : request.includes.filter((include) => include.iterate);
    const revIncludes = round === 0 ? request.revIncludes : request.revIncludes.filter((include) => include.iterate);
    if (includes.length === 0 && revIncludes.length === 0) break;
    const added: Resource[] = [];
    const add = (resources: Resource[]) => {
      for (const resource of resources) {
        if (seen.has(keyOf(resource)) || included.length >= MAX_INCLUDED) continue;
        seen.add(keyOf(resource));
        included.push(resource);
        added.push(resource);
      }
    };
    const visible = (type: string, params: SqlParams) => visibleSqlOf(request.access, type, 'read', params);

    const wanted = new Map<string, Set<string>>();
    for (const include of includes) collectTargets(include, sources, baseUrl, seen, wanted);
    for (const [type, ids] of wanted) {
      const params = new SqlParams();
      const idsParam = params.add([...ids]);
      const { rows } = await client.query<{ resource: Resource }>(
        `SELECT resource FROM "${tableNameOf(type)}" WHERE id = ANY(${idsParam}::text[]) AND ${visible(type, params)} LIMIT ${MAX_INCLUDED - included.length}`,
        params.values,
      );
      add(rows.map((row) => row.resource));
    }

    for (const revInclude of revIncludes) {
      const references = sources.filter((source) => revInclude.parameter.targets?.includes(source.resourceType as never)).map(keyOf);
      if (references.length === 0 || included.length >= MAX_INCLUDED) continue;
      const column = `"${revInclude.parameter.column}"`;
      const params = new SqlParams();
      const referencesParam = params.add(references);
      const condition = revInclude.parameter.multiple ? `${column} && ${referencesParam}::text[]` : `${column} = ANY(${referencesParam}::text[])`;
      const { rows } = await client.query<{ resource: Resource }>(
        `SELECT resource FROM "${tableNameOf(revInclude.sourceType)}" WHERE ${condition} AND ${visible(revInclude.sourceType, params)} LIMIT ${MAX_INCLUDED - included.length}`,
        params.values,
      );
      add(rows.map((row) => row.resource));
    }
    sources = added;
  }
  return included;
}

/** The `Type/id`s the include's reference parameter points to from sources of its type, not yet in the result. */
function collectTargets(include: IncludeRequest, sources: Resource[], baseUrl: string, seen: Set<string>, wanted: Map<string, Set<string>>): void {
  for (const resource of sources) {
    if (resource.resourceType !== include.sourceType) continue;
    for (const path of include.parameter.paths) {
      for (const element of valuesAtPath(resource, path)) {
        const reference = (element as { reference?: unknown }).reference;
        if (typeof reference !== 'string') continue;
        const local = parseLocalReference(reference, baseUrl);
        if (!local || !include.parameter.targets?.includes(local.type as never)) continue;
        if (include.targetType && local.type !== include.targetType) continue;
        if (seen.has(`${local.type}/${local.id}`)) continue;
        const ids = wanted.get(local.type) ?? new Set<string>();
        ids.add(local.id);
        wanted.set(local.type, ids);
      }
    }
  }
}
