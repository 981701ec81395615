/**
 * The baseline a hand-over is compared with: its resource rows written straight into copies of Bro's
 * tables (same columns, same indexes), search columns filled by the same declarations, in one
 * statement — one transaction, one commit, one round trip. What it leaves out is what Bro adds:
 * history and identifier rows, the hand-over record, status transitions, owner and due-date lookup.
 */
import { Resource } from '@app/fhir';
import { searchColumnsDdl } from '../../apps/api/src/fhir/store/fhir-schema.ddl';
import { searchParameterRegistry, tableNameOf } from '../../apps/api/src/fhir/search/search-parameter.registry';
import { extractSearchValues } from '../../apps/api/src/fhir/search/search-value.extractor';

export interface RawStatement {
  text: string;
  values: unknown[];
}

/** The baseline's own copy of a resource table: same columns and indexes, none of Bro's rows. */
export function baselineTableOf(resourceType: string): string {
  return `bench_baseline_${tableNameOf(resourceType)}`;
}

/** Creates (once) and empties the baseline's copies of the tables these resource types live in. */
export function baselineTablesSql(resourceTypes: string[]): string[] {
  return resourceTypes.flatMap((type) => [
    `CREATE TABLE IF NOT EXISTS "${baselineTableOf(type)}" (LIKE "${tableNameOf(type)}" INCLUDING ALL)`,
    `TRUNCATE "${baselineTableOf(type)}"`,
  ]);
}

/**
 * One multi-row INSERT per table, chained as data-modifying CTEs so they commit together. Into the
 * baseline's copies of the tables: rows in Bro's own tables would make the tables Bro searches grow
 * with every baseline round, and slow Bro down for the baseline's sake.
 */
export function rawResourceInsert(resources: Resource[], baseUrl: string, lastUpdated = new Date().toISOString()): RawStatement {
  const values: unknown[] = [];
  const bind = (value: unknown, cast: string) => `$${values.push(value)}::${cast}`;
  const byType = new Map<string, Resource[]>();
  for (const resource of resources) byType.set(resource.resourceType, [...(byType.get(resource.resourceType) ?? []), resource]);

  const inserts = [...byType].map(([resourceType, rows]) => {
    const columns = searchParameterRegistry.columnsOf(resourceType).flatMap((c) => searchColumnsDdl(tableNameOf(resourceType), c));
    const tuples = rows.map((resource) => {
      const extracted = new Map(extractSearchValues(resource, baseUrl).map((e) => [e.column, e.value]));
      const stored = { ...resource, meta: { versionId: '1', lastUpdated } };
      return `(${[
        bind(resource.id, 'text'),
        '1',
        bind(lastUpdated, 'timestamptz'),
        bind(JSON.stringify(stored), 'jsonb'),
        ...columns.map((c) => bind(extracted.get(c.column) ?? null, c.sqlType)),
      ].join(', ')})`;
    });
    return `INSERT INTO "${baselineTableOf(resourceType)}" (id, version_id, last_updated, resource${columns.map((c) => `, "${c.column}"`).join('')}) VALUES ${tuples.join(', ')}`;
  });
  const [last, ...first] = inserts.reverse();
  const text = first.length ? `WITH ${first.map((sql, i) => `w${i} AS (${sql})`).join(', ')} ${last}` : last;
  return { text, values };
}
