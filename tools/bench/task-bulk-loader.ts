import { Client } from 'pg';
import { Resource } from '@app/fhir';
import { expectedIndexes, searchColumnsDdl } from '../../apps/api/src/fhir/store/fhir-schema.ddl';
import { searchParameterRegistry, tableNameOf } from '../../apps/api/src/fhir/search/search-parameter.registry';
import { extractSearchValues } from '../../apps/api/src/fhir/search/search-value.extractor';
import { log } from './bench-environment';

export const BENCH_GPS = 271;
export const BENCH_PATIENTS = 20_000;
const CHUNK = 100_000;

/**
 * Loads synthetic Tasks straight into PostgreSQL in set-based SQL (a million through the API would
 * take longer than the benchmark). The rows are shaped like the API writes them; {@link verifySample}
 * checks that the search columns equal what the search-parameter declarations extract.
 *
 * `$1..$2` number the rows; the shape says how a row number becomes an id, an owner and a status,
 * and over how many seconds back from now the rows' last changes spread.
 */
interface TaskRowShape {
  idPrefix: string;
  ownerSql: string;
  statusSql: string;
  spreadSeconds: number;
}

const BENCH_STATUS_MIX = `CASE WHEN (g::bigint * 7919) % 100 < 20 THEN 'requested' WHEN (g::bigint * 7919) % 100 < 35 THEN 'accepted'
           WHEN (g::bigint * 7919) % 100 < 45 THEN 'in-progress' WHEN (g::bigint * 7919) % 100 < 85 THEN 'completed'
           WHEN (g::bigint * 7919) % 100 < 92 THEN 'rejected' ELSE 'cancelled' END`;

const BENCH_TASKS: TaskRowShape = {
  idPrefix: 'bench-task-',
  ownerSql: `'PractitionerRole/bench-role-' || (g % ${BENCH_GPS})`,
  statusSql: BENCH_STATUS_MIX,
  spreadSeconds: 31_536_000,
};

function taskRowsSql(shape: TaskRowShape): string {
  return `
  INSERT INTO fhir_task (id, version_id, last_updated, resource, sp_identifier, sp_subject, sp_owner, sp_requester,
    sp_status, sp_code, sp_priority, sp_authored_on_start, sp_authored_on_end, sp_due_start, sp_due_end)
  SELECT id, 1, last_updated,
    jsonb_build_object(
      'resourceType', 'Task', 'id', id,
      'meta', jsonb_build_object('versionId', '1', 'lastUpdated', to_char(last_updated AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
      'identifier', jsonb_build_array(jsonb_build_object('system', 'urn:bro:bench:task', 'value', id)),
      'status', status, 'intent', 'order', 'priority', priority,
      'code', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', 'http://hl7.org/fhir/CodeSystem/task-code', 'code', 'fulfill'))),
      'for', jsonb_build_object('reference', subject),
      'owner', jsonb_build_object('reference', owner),
      'requester', jsonb_build_object('reference', 'Organization/bench-unit'),
      'authoredOn', to_char(authored AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      'restriction', jsonb_build_object('period', jsonb_build_object('end', to_char(due, 'YYYY-MM-DD')))
    ),
    ARRAY['sv:urn:bro:bench:task|' || id, 'v:' || id, 's:urn:bro:bench:task'],
    subject, owner, 'Organization/bench-unit', status,
    ARRAY['sv:http://hl7.org/fhir/CodeSystem/task-code|fulfill', 'v:fulfill', 's:http://hl7.org/fhir/CodeSystem/task-code'],
    priority, authored, authored + interval '1 second', '-infinity', (due + 1)::timestamp AT TIME ZONE 'UTC'
  FROM (
    SELECT '${shape.idPrefix}' || g AS id,
      now() - ((g % ${shape.spreadSeconds}) || ' seconds')::interval AS last_updated,
      date_trunc('second', now() - ((g % ${shape.spreadSeconds}) || ' seconds')::interval - interval '1 hour') AS authored,
      (now() - ((g % ${shape.spreadSeconds}) || ' seconds')::interval)::date + 14 AS due,
      'Patient/bench-patient-' || (g % ${BENCH_PATIENTS}) AS subject,
      ${shape.ownerSql} AS owner,
      ${shape.statusSql} AS status,
      CASE WHEN g % 25 = 0 THEN 'urgent' ELSE 'routine' END AS priority
    FROM generate_series($1::int, $2::int) g
  ) generated`;
}

/** One GP's share of the Tasks: open ones in their inbox, closed ones as their history. */
export interface GpTasks {
  /** `PractitionerRole/<id>` of the GP. */
  owner: string;
  open: number;
  closed: number;
}

const GP_TASK_PREFIX = 'bench-gp-task-';

/** The demo hospital EHR's organisation number: the benchmark's unit belongs to it, so the EHR may hand over for it. */
const EHR_HOSPITAL_ORGNR = '910000039';

async function loadDirectory(db: Client): Promise<void> {
  const orgnr = 'urn:oid:2.16.578.1.12.4.1.4.101';
  await db.query(
    `INSERT INTO fhir_organization (id, version_id, last_updated, resource, sp_identifier)
     VALUES ('bench-hospital', 1, now(), jsonb_build_object('resourceType', 'Organization', 'id', 'bench-hospital', 'name', 'Benchmark hospital',
       'identifier', jsonb_build_array(jsonb_build_object('system', $1::text, 'value', $2::text)), 'meta', jsonb_build_object('versionId', '1')),
       ARRAY['sv:' || $1 || '|' || $2, 'v:' || $2, 's:' || $1])
     ON CONFLICT DO NOTHING`,
    [orgnr, EHR_HOSPITAL_ORGNR],
  );
  await db.query(`INSERT INTO fhir_organization (id, version_id, last_updated, resource, sp_partof)
    VALUES ('bench-unit', 1, now(), '{"resourceType":"Organization","id":"bench-unit","name":"Benchmark unit","partOf":{"reference":"Organization/bench-hospital"},"meta":{"versionId":"1"}}', 'Organization/bench-hospital')
    ON CONFLICT (id) DO UPDATE SET resource = EXCLUDED.resource, sp_partof = EXCLUDED.sp_partof`);
  await db.query(
    `INSERT INTO fhir_practitioner_role (id, version_id, last_updated, resource)
     SELECT 'bench-role-' || g, 1, now(), jsonb_build_object('resourceType', 'PractitionerRole', 'id', 'bench-role-' || g, 'meta', jsonb_build_object('versionId', '1'))
     FROM generate_series(0, $1::int - 1) g ON CONFLICT DO NOTHING`,
    [BENCH_GPS],
  );
  await db.query(
    `INSERT INTO fhir_patient (id, version_id, last_updated, resource)
     SELECT 'bench-patient-' || g, 1, now(), jsonb_build_object('resourceType', 'Patient', 'id', 'bench-patient-' || g, 'meta', jsonb_build_object('versionId', '1'))
     FROM generate_series(0, $1::int - 1) g ON CONFLICT DO NOTHING`,
    [BENCH_PATIENTS],
  );
}

/**
 * Makes sure `wanted` synthetic Tasks are loaded (owned by the synthetic bench GPs), and with `gp`,
 * that exactly that GP's open and closed Tasks are there besides them (the inbox benchmark's GP).
 */
export async function ensureTasks(databaseUrl: string, wanted: number, gp?: GpTasks): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await loadDirectory(db);
    if (gp) await ensureGpTasks(db, gp);
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM fhir_task WHERE id LIKE 'bench-task-%'`);
    const have = Number(rows[0].n);
    if (have >= wanted) {
      log(`${have.toLocaleString('en')} synthetic Tasks already loaded`);
      return have;
    }
    const indexes = expectedIndexes().filter((index) => index.table === 'fhir_task');
    log(`loading ${(wanted - have).toLocaleString('en')} Tasks (indexes dropped during the load, rebuilt after)`);
    for (const index of indexes) await db.query(`DROP INDEX IF EXISTS "${index.name}"`);
    const started = Date.now();
    for (let from = have + 1; from <= wanted; from += CHUNK) {
      const to = Math.min(wanted, from + CHUNK - 1);
      await db.query(taskRowsSql(BENCH_TASKS), [from, to]);
      log(`  Tasks ${to.toLocaleString('en')}/${wanted.toLocaleString('en')} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    for (const index of indexes) {
      log(`  index ${index.name}`);
      await db.query(index.sql);
    }
    await db.query('ANALYZE fhir_task');
    return wanted;
  } finally {
    await db.end();
  }
}

/**
 * The GP's Tasks, reloaded when the owner or the numbers differ (a fresh seed gives the GP a new
 * PractitionerRole id). Their last changes spread over the last two weeks, as an inbox's do: the
 * first `open` rows are requested, accepted or in progress, the rest completed, contested or cancelled.
 */
async function ensureGpTasks(db: Client, gp: GpTasks): Promise<void> {
  const { rows } = await db.query<{ n: string; open: string }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE sp_status IN ('requested', 'accepted', 'in-progress')) AS open
       FROM fhir_task WHERE id LIKE '${GP_TASK_PREFIX}%' AND sp_owner = $1`,
    [gp.owner],
  );
  if (Number(rows[0].n) === gp.open + gp.closed && Number(rows[0].open) === gp.open) return;
  log(`loading ${gp.open} open and ${gp.closed} closed Tasks for ${gp.owner}`);
  await db.query(`DELETE FROM fhir_task WHERE id LIKE '${GP_TASK_PREFIX}%'`);
  const shape: TaskRowShape = {
    idPrefix: GP_TASK_PREFIX,
    ownerSql: `'${gp.owner.replace(/'/g, "''")}'`,
    statusSql: `CASE WHEN g <= ${gp.open} THEN (ARRAY['requested', 'accepted', 'in-progress'])[1 + g % 3]
                     ELSE (ARRAY['completed', 'completed', 'completed', 'rejected', 'cancelled'])[1 + g % 5] END`,
    spreadSeconds: 14 * 86_400,
  };
  await db.query(taskRowsSql(shape), [1, gp.open + gp.closed]);
  await db.query('ANALYZE fhir_task');
}

/** Fails the benchmark if bulk-loaded rows differ from what the declarations would extract on a write. */
export async function verifySample(databaseUrl: string, fhirBaseUrl: string, sampleSize = 200): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const table = tableNameOf('Task');
    const columns = searchParameterRegistry.columnsOf('Task').flatMap((c) => searchColumnsDdl(table, c));
    const { rows } = await db.query<{ id: string; resource: Resource }>(
      `SELECT id, resource FROM fhir_task WHERE id = ANY($1::text[])`,
      [Array.from({ length: sampleSize }, (_, i) => `bench-task-${1 + ((i * 4999) % 1_000_000)}`)],
    );
    for (const row of rows) {
      const expected = new Map(extractSearchValues(row.resource, fhirBaseUrl).map((v) => [v.column, v.value]));
      const checks = columns.map((c, i) => {
        const value = expected.get(c.column);
        const sameArray = `(SELECT array_agg(x ORDER BY x) FROM unnest("${c.column}") x) IS NOT DISTINCT FROM (SELECT array_agg(x ORDER BY x) FROM unnest($${i + 2}::text[]) x)`;
        return { column: c.column, sql: c.sqlType === 'text[]' ? sameArray : `"${c.column}" IS NOT DISTINCT FROM $${i + 2}::${c.sqlType}`, value };
      });
      const { rows: result } = await db.query<Record<string, boolean>>(
        `SELECT ${checks.map((c) => `${c.sql} AS "${c.column}"`).join(', ')} FROM fhir_task WHERE id = $1`,
        [row.id, ...checks.map((c) => c.value ?? null)],
      );
      const wrong = Object.entries(result[0]).filter(([, same]) => !same).map(([column]) => column);
      if (wrong.length) throw new Error(`bulk-loaded ${row.id} differs from the declared extraction in ${wrong.join(', ')}`);
    }
    log(`verified ${rows.length} sampled Tasks: search columns equal the declared extraction`);
  } finally {
    await db.end();
  }
}
