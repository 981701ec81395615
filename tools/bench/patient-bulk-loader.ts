import { Client } from 'pg';
import { Resource } from '@app/fhir';
import { expectedIndexes, searchColumnsDdl } from '../../apps/api/src/fhir/store/fhir-schema.ddl';
import { searchParameterRegistry, tableNameOf } from '../../apps/api/src/fhir/search/search-parameter.registry';
import { extractSearchValues } from '../../apps/api/src/fhir/search/search-value.extractor';
import { log } from './bench-environment';
import { BERGEN_AREAS, BERGEN_STREETS, COMMON_SURNAMES, COMMON_SURNAME_SHARE, FARM_SURNAMES, GIVEN_NAMES } from './norwegian-names';
import { mulberry32 } from '../seed/seeded-random';

export const BENCH_PERSON_PREFIX = 'bench-person-';
const BATCH = 5_000;
/** Patient `g` was last changed `(SPREAD_ROWS - g) / SPREAD_ROWS` of five years ago (newer rows after that: now). */
const SPREAD_ROWS = 1_000_000;
const SPREAD_MS = 5 * 365 * 86_400_000;
/** The synthetic patients carry no references, so the base URL references are normalised against plays no part. */
const NO_REFERENCES_BASE = 'http://bench.invalid/fhir/R4';

const COMMON_TOTAL = COMMON_SURNAMES.reduce((sum, [, weight]) => sum + weight, 0);

function surname(random: () => number): string {
  if (random() >= COMMON_SURNAME_SHARE) return FARM_SURNAMES[Math.floor(random() * FARM_SURNAMES.length)];
  let pick = random() * COMMON_TOTAL;
  for (const [name, weight] of COMMON_SURNAMES) {
    pick -= weight;
    if (pick < 0) return name;
  }
  return COMMON_SURNAMES[0][0];
}

/** Patient `g`, shaped as a hospital registers one: name, birth date, phone, home address in or near Bergen. */
export function benchPatient(g: number, now: number): { resource: Resource; lastUpdated: string } {
  const random = mulberry32(g * 2_654_435_761);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
  const id = `${BENCH_PERSON_PREFIX}${g}`;
  // Rows lie in the table in the order they last changed, as an update writes the new version at the end.
  const lastUpdated = new Date(now - Math.max(0, Math.floor(((SPREAD_ROWS - g) * SPREAD_MS) / SPREAD_ROWS))).toISOString();
  const given = random() < 0.35 ? [pick(GIVEN_NAMES), pick(GIVEN_NAMES)] : [pick(GIVEN_NAMES)];
  const area = pick(BERGEN_AREAS);
  const postalCode = String(area.postalCodes[0] + Math.floor(random() * (area.postalCodes[1] - area.postalCodes[0] + 1))).padStart(4, '0');
  const birth = new Date(Date.UTC(1925, 0, 1) + Math.floor(random() * 36_500) * 86_400_000).toISOString().slice(0, 10);
  const resource: Resource = {
    resourceType: 'Patient',
    id,
    meta: { versionId: '1', lastUpdated },
    identifier: [{ system: 'urn:bro:bench:patient', value: id }],
    active: true,
    name: [{ use: 'official', family: surname(random), given }],
    telecom: [{ system: 'phone', value: `+47 9${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}`, use: 'mobile' }],
    gender: random() < 0.5 ? 'female' : 'male',
    birthDate: birth,
    address: [{ use: 'home', line: [`${pick(BERGEN_STREETS)} ${1 + Math.floor(random() * 120)}`], city: area.city, postalCode, country: 'NO' }],
  };
  return { resource, lastUpdated };
}

function patientColumns() {
  const table = tableNameOf('Patient');
  return searchParameterRegistry.columnsOf('Patient').flatMap((column) => searchColumnsDdl(table, column));
}

/** Rows `first..last`, with the search columns the declarations extract, in one statement. */
async function insertBatch(db: Client, first: number, last: number, now: number): Promise<void> {
  const columns = patientColumns();
  const records = [];
  for (let g = first; g <= last; g++) {
    const { resource, lastUpdated } = benchPatient(g, now);
    const record: Record<string, unknown> = { id: resource.id, last_updated: lastUpdated, resource };
    for (const { column, value } of extractSearchValues(resource, NO_REFERENCES_BASE)) record[column] = value;
    records.push(record);
  }
  const names = columns.map((c) => `"${c.column}"`).join(', ');
  const types = columns.map((c) => `"${c.column}" ${c.sqlType}`).join(', ');
  await db.query(
    `INSERT INTO fhir_patient (id, version_id, last_updated, resource, ${names})
     SELECT id, 1, last_updated, resource, ${names} FROM jsonb_to_recordset($1::jsonb) AS r(id text, last_updated timestamptz, resource jsonb, ${types})`,
    [JSON.stringify(records)],
  );
}

/**
 * Makes sure `wanted` synthetic patients are stored, as the API would store them (the search columns
 * come from the same extraction), inserting in batches with the table's indexes dropped and built
 * once after; kept between runs. {@link verifyPatientSample} checks rows loaded by an earlier version.
 */
export async function ensurePatients(databaseUrl: string, wanted: number): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM fhir_patient WHERE id LIKE $1`, [`${BENCH_PERSON_PREFIX}%`]);
    const have = Number(rows[0].n);
    if (have >= wanted) {
      log(`${have.toLocaleString('en')} synthetic named Patients already loaded`);
      return have;
    }
    const indexes = expectedIndexes().filter((index) => index.table === 'fhir_patient');
    log(`loading ${(wanted - have).toLocaleString('en')} Patients with Norwegian names (indexes dropped during the load, rebuilt after)`);
    for (const index of indexes) await db.query(`DROP INDEX IF EXISTS "${index.name}"`);
    const started = Date.now();
    const now = Date.now();
    for (let from = have + 1; from <= wanted; from += BATCH) {
      const to = Math.min(wanted, from + BATCH - 1);
      await insertBatch(db, from, to, now);
      if (to % 100_000 < BATCH || to === wanted) log(`  Patients ${to.toLocaleString('en')}/${wanted.toLocaleString('en')} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    for (const index of indexes) {
      log(`  index ${index.name}`);
      await db.query(index.sql);
    }
    log('vacuuming and analysing fhir_patient');
    await db.query('VACUUM (ANALYZE) fhir_patient');
    return wanted;
  } finally {
    await db.end();
  }
}

function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return [...value].sort();
  return value ?? null;
}

/** Fails the benchmark if stored patients differ from what the declarations extract today (a load from older code). */
export async function verifyPatientSample(databaseUrl: string, loaded: number, sampleSize = 200): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const ids = Array.from({ length: sampleSize }, (_, i) => `${BENCH_PERSON_PREFIX}${1 + ((i * 4999) % loaded)}`);
    const { rows } = await db.query<Record<string, unknown> & { resource: Resource }>(`SELECT * FROM fhir_patient WHERE id = ANY($1::text[])`, [ids]);
    for (const row of rows) {
      for (const { column, value } of extractSearchValues(row.resource, NO_REFERENCES_BASE)) {
        const expected = comparable(typeof value === 'string' && /^\d{4}-/.test(value) ? new Date(value) : value);
        if (JSON.stringify(comparable(row[column])) !== JSON.stringify(expected)) {
          throw new Error(`bulk-loaded ${String(row.id)} differs from the declared extraction in ${column}: load again with --fresh`);
        }
      }
    }
    log(`verified ${rows.length} sampled Patients: search columns equal the declared extraction`);
  } finally {
    await db.end();
  }
}
