import { SUPPORTED_RESOURCE_TYPES } from '@app/fhir';
import { SearchColumn, searchParameterRegistry, tableNameOf } from '../search/search-parameter.registry';
import { foldedColumnOf } from '../search/string-search';

/**
 * The DDL the search-parameter declarations need: one table per resource type with a typed column
 * per search parameter and the index that serves it. Migrations are frozen copies of this output
 * (`npm run db:fhir-ddl` prints it); a schema test checks the migrated database against it.
 */
export interface ColumnDdl {
  table: string;
  column: string;
  sqlType: 'text' | 'text[]' | 'timestamptz';
}

export interface IndexDdl {
  table: string;
  name: string;
  sql: string;
}

export function searchColumnsDdl(table: string, column: SearchColumn): ColumnDdl[] {
  if (column.kind === 'date') {
    return [
      { table, column: `${column.name}_start`, sqlType: 'timestamptz' },
      { table, column: `${column.name}_end`, sqlType: 'timestamptz' },
    ];
  }
  const values: ColumnDdl = { table, column: column.name, sqlType: column.multiple ? 'text[]' : 'text' };
  if (column.kind === 'string') return [values, { table, column: foldedColumnOf(column.name), sqlType: 'text' }];
  return [values];
}

function searchIndexesDdl(table: string, column: SearchColumn): IndexDdl[] {
  if (column.kind === 'date') {
    const name = `${table}_${column.name}_idx`;
    return [{ table, name, sql: `CREATE INDEX "${name}" ON "${table}" ("${column.name}_start", "${column.name}_end")` }];
  }
  if (column.kind === 'string') {
    // Trigrams serve "starts with" (a word start after the separator), "contains" and the candidates of :exact.
    const folded = foldedColumnOf(column.name);
    const name = `${table}_${folded}_idx`;
    return [{ table, name, sql: `CREATE INDEX "${name}" ON "${table}" USING gin ("${folded}" gin_trgm_ops)` }];
  }
  const name = `${table}_${column.name}_idx`;
  const method = column.multiple ? 'USING gin ' : '';
  return [{ table, name, sql: `CREATE INDEX "${name}" ON "${table}" ${method}("${column.name}")` }];
}

export function expectedColumns(): ColumnDdl[] {
  return SUPPORTED_RESOURCE_TYPES.flatMap((type) =>
    searchParameterRegistry.columnsOf(type).flatMap((column) => searchColumnsDdl(tableNameOf(type), column)),
  );
}

export function expectedIndexes(): IndexDdl[] {
  const perColumn = SUPPORTED_RESOURCE_TYPES.flatMap((type) =>
    searchParameterRegistry.columnsOf(type).flatMap((column) => searchIndexesDdl(tableNameOf(type), column)),
  );
  const composite = searchParameterRegistry.compositeIndexes.map((index) => {
    const table = tableNameOf(index.resourceType);
    const name = `${table}_${index.name}_idx`;
    const columns = index.columns.map((c) => `"${c}"`).join(', ');
    return { table, name, sql: `CREATE INDEX "${name}" ON "${table}" (${columns})` };
  });
  const lastUpdated = SUPPORTED_RESOURCE_TYPES.map((type) => {
    const table = tableNameOf(type);
    const name = `${table}_last_updated_idx`;
    return { table, name, sql: `CREATE INDEX "${name}" ON "${table}" ("last_updated", "id")` };
  });
  return [...lastUpdated, ...perColumn, ...composite];
}

/** Complete DDL for a database with none of the resource tables yet. */
export function fhirStoreDdl(): string[] {
  // The trigram operator class of the string parameters' indexes.
  const statements: string[] = ['CREATE EXTENSION IF NOT EXISTS pg_trgm'];
  for (const type of SUPPORTED_RESOURCE_TYPES) {
    const table = tableNameOf(type);
    const columns = searchParameterRegistry
      .columnsOf(type)
      .flatMap((column) => searchColumnsDdl(table, column))
      .map((c) => `  "${c.column}" ${c.sqlType}`);
    statements.push(
      [
        `CREATE TABLE "${table}" (`,
        `  "id" text PRIMARY KEY,`,
        `  "version_id" integer NOT NULL,`,
        `  "last_updated" timestamptz NOT NULL,`,
        `  "resource" jsonb NOT NULL${columns.length ? ',' : ''}`,
        columns.join(',\n'),
        `)`,
      ]
        .filter((line) => line !== '')
        .join('\n'),
    );
  }
  for (const index of expectedIndexes()) statements.push(index.sql);
  return statements;
}
