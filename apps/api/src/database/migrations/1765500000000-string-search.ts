import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * String search (`name`, `family`, `given`, `address`): per parameter the values as written (for
 * `:exact`) and their folded text under a trigram index (`npm run db:fhir-ddl`). Existing rows are
 * filled from their stored resource before the indexes are built (one build beats a million inserts
 * into a GIN index), in batches, so a large table never sits in memory.
 *
 * The parameters, the element walk and the folding are copied here (from search-parameters.ts,
 * element-path.ts and string-folding.ts as they were), not imported: a later change to them comes with
 * a migration of its own, and this one must keep doing what it did. The database folder imports no
 * feature code either way.
 */
const HUMAN_NAME = ['name.text', 'name.family', 'name.given', 'name.prefix', 'name.suffix'];
const ADDRESS = ['address.text', 'address.line', 'address.city', 'address.district', 'address.state', 'address.postalCode', 'address.country'];

interface StringColumn {
  column: string;
  paths: string[];
  multiple: boolean;
}

const PERSON: StringColumn[] = [
  { column: 'sp_name', paths: HUMAN_NAME, multiple: true },
  { column: 'sp_family', paths: ['name.family'], multiple: true },
  { column: 'sp_given', paths: ['name.given'], multiple: true },
];
const ADDRESS_COLUMN: StringColumn = { column: 'sp_address', paths: ADDRESS, multiple: true };

const TABLES: Record<string, StringColumn[]> = {
  fhir_patient: [...PERSON, ADDRESS_COLUMN],
  fhir_practitioner: PERSON,
  fhir_organization: [{ column: 'sp_name', paths: ['name', 'alias'], multiple: true }, ADDRESS_COLUMN],
  fhir_healthcare_service: [{ column: 'sp_name', paths: ['name'], multiple: false }],
};

const BATCH = 2000;

function valuesAtPath(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const step of path.split('.')) {
    const next: unknown[] = [];
    for (const node of current) {
      if (!node || typeof node !== 'object') continue;
      const value = (node as Record<string, unknown>)[step];
      if (Array.isArray(value)) next.push(...value);
      else if (value !== undefined && value !== null) next.push(value);
    }
    current = next;
  }
  return current;
}

const UNDECOMPOSED: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', þ: 'th', đ: 'd', ð: 'd', ł: 'l', ı: 'i' };
const SEPARATOR = '\u001f';

function fold(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[øæœßþđðłı]/g, (letter) => UNDECOMPOSED[letter])
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
}

function foldedSearchText(values: string[]): string | null {
  const folded = [...new Set(values.map(fold).filter((value) => value !== ''))];
  return folded.length ? `${SEPARATOR}${folded.join(SEPARATOR)}${SEPARATOR}` : null;
}

function valuesOf(resource: unknown, column: StringColumn): { exact: string | string[] | null; folded: string | null } {
  const strings = column.paths.flatMap((path) => valuesAtPath(resource, path)).filter((v): v is string => typeof v === 'string');
  const exact = [...new Set(strings.map((value) => value.normalize('NFC')))];
  return { exact: column.multiple ? (exact.length ? exact : null) : (exact[0] ?? null), folded: foldedSearchText(strings) };
}

async function backfill(queryRunner: QueryRunner, table: string, columns: StringColumn[]): Promise<void> {
  const recordType = columns.map((c) => `"${c.column}" ${c.multiple ? 'text[]' : 'text'}, "${c.column}_folded" text`).join(', ');
  const assignments = columns.map((c) => `"${c.column}" = r."${c.column}", "${c.column}_folded" = r."${c.column}_folded"`).join(', ');
  let after = '';
  for (;;) {
    const rows: Array<{ id: string; resource: unknown }> = await queryRunner.query(
      `SELECT id, resource FROM "${table}" WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
      [after],
    );
    if (rows.length === 0) return;
    const records = rows.map((row) => {
      const record: Record<string, unknown> = { id: row.id };
      for (const column of columns) {
        const { exact, folded } = valuesOf(row.resource, column);
        record[column.column] = exact;
        record[`${column.column}_folded`] = folded;
      }
      return record;
    });
    await queryRunner.query(
      `UPDATE "${table}" t SET ${assignments} FROM jsonb_to_recordset($1::jsonb) AS r(id text, ${recordType}) WHERE t.id = r.id`,
      [JSON.stringify(records)],
    );
    after = rows[rows.length - 1].id;
  }
}

export class StringSearch1765500000000 implements MigrationInterface {
  name = 'StringSearch1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    for (const [table, columns] of Object.entries(TABLES)) {
      const added = columns.map((c) => `ADD COLUMN "${c.column}" ${c.multiple ? 'text[]' : 'text'}, ADD COLUMN "${c.column}_folded" text`);
      await queryRunner.query(`ALTER TABLE "${table}" ${added.join(', ')}`);
      await backfill(queryRunner, table, columns);
      for (const column of columns) {
        const folded = `${column.column}_folded`;
        await queryRunner.query(`CREATE INDEX "${table}_${folded}_idx" ON "${table}" USING gin ("${folded}" gin_trgm_ops)`);
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(TABLES)) {
      const dropped = columns.map((c) => `DROP COLUMN "${c.column}", DROP COLUMN "${c.column}_folded"`);
      await queryRunner.query(`ALTER TABLE "${table}" ${dropped.join(', ')}`);
    }
  }
}
