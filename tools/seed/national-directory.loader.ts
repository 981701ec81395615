/**
 * Loads the national-size directory straight into PostgreSQL: 40,000 resources through the API would take
 * many minutes; rows written as the API writes them (search columns, history, identifier claims, references:
 * `insertResources`) take well under one. Then the directory's search projection is re-derived once for all
 * of it (`refreshDirectoryEntries(null)`, the same SQL the directory's write rule runs per write) and the
 * tables analysed, so the planner knows their new size. Rows already there (by id) are left as they are.
 * Nothing is audited or announced: this is seed data, not a change anyone made.
 */
import { Pool } from 'pg';
import { IdentifierSystem, Resource } from '@app/fhir';
import { refreshDirectoryEntries } from '../../apps/api/src/collaboration/directory/directory-entries.projection';
import { insertResources } from '../../apps/api/src/fhir/store/resource-rows.bulk';
import { tableNameOf } from '../../apps/api/src/fhir/search/search-parameter.registry';
import { NATIONAL_SIZE, NationalSize, buildNationalDirectory } from './national-directory';

const CHUNK = 500;
const ORDER = ['Organization', 'Endpoint', 'HealthcareService', 'Practitioner', 'PractitionerRole'] as const;

export interface NationalLoadSummary {
  /** Per resource type: inserted now, and already there. */
  counts: Record<string, { inserted: number; existing: number }>;
  /** Directory entries (search rows) after the refresh. */
  entries: number;
  /** What a person types: names of organisations and services, and of people, for the benchmark's type-ahead. */
  names: { places: string[]; people: string[] };
  elapsedMs: number;
}

/** HPR numbers the national people would take that someone else already holds, and the free numbers they get instead. */
async function freeHprNumbers(pool: Pool, practitioners: Resource[]): Promise<Map<string, string>> {
  const hprOf = (resource: Resource) => (resource.identifier as Array<{ system: string; value: string }>).find((id) => id.system === IdentifierSystem.Hpr)!.value;
  const { rows } = await pool.query<{ value: string }>(
    `SELECT value FROM fhir_identifier WHERE resource_type = 'Practitioner' AND system = $1 AND value = ANY($2::text[]) AND resource_id NOT LIKE 'nat-%'`,
    [IdentifierSystem.Hpr, practitioners.map(hprOf)],
  );
  const taken = new Set(rows.map((row) => row.value));
  const moved = new Map<string, string>();
  let next = 99_000_000;
  for (const value of taken) {
    while (taken.has(String(next))) next++;
    moved.set(value, String(next++));
  }
  return moved;
}

export async function loadNationalDirectory(
  databaseUrl: string,
  options: { seed: number; today: string; baseUrl: string; size?: NationalSize; onProgress?: (line: string) => void },
): Promise<NationalLoadSummary> {
  const started = Date.now();
  const national = buildNationalDirectory({ seed: options.seed, today: options.today, size: options.size ?? NATIONAL_SIZE });
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const counts: NationalLoadSummary['counts'] = {};
  try {
    // A national person whose HPR number a Bergen (or test) person holds keeps their id and gets another number.
    const moved = await freeHprNumbers(pool, national.resources.Practitioner);
    if (moved.size) {
      for (const practitioner of national.resources.Practitioner) {
        for (const identifier of practitioner.identifier as Array<{ system: string; value: string }>) {
          if (identifier.system === IdentifierSystem.Hpr && moved.has(identifier.value)) identifier.value = moved.get(identifier.value)!;
        }
      }
    }
    for (const type of ORDER) {
      const all = national.resources[type];
      const { rows } = await pool.query<{ id: string }>(`SELECT id FROM "${tableNameOf(type)}" WHERE id = ANY($1::text[])`, [all.map((resource) => resource.id)]);
      const present = new Set(rows.map((row) => row.id));
      const missing = all.filter((resource) => !present.has(resource.id!));
      for (let from = 0; from < missing.length; from += CHUNK) {
        await insertResources(pool, missing.slice(from, from + CHUNK), options.baseUrl, { keepIds: true });
      }
      counts[type] = { inserted: missing.length, existing: present.size };
      options.onProgress?.(`${type}: ${missing.length.toLocaleString('en')} loaded, ${present.size.toLocaleString('en')} already there`);
    }
    if (Object.values(counts).some((count) => count.inserted > 0)) {
      options.onProgress?.('re-deriving the directory search for all of it (the projection\'s own refresh)');
      await refreshDirectoryEntries(pool, null);
    }
    await pool.query(`ANALYZE ${[...ORDER.map((type) => `"${tableNameOf(type)}"`), 'fhir_identifier', 'fhir_reference', 'directory_entry', 'directory_duty'].join(', ')}`);
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM directory_entry');
    return { counts, entries: rows[0].n, names: national.names, elapsedMs: Date.now() - started };
  } finally {
    await pool.end();
  }
}
