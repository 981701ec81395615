import { Client } from 'pg';
import { CONTEST_REASON_CODES, CONTEST_REASON_SYSTEM, CONTEST_RESOLUTION_EXTENSION, Resource, TASK_CATEGORY_CODES, TASK_CATEGORY_SYSTEM } from '@app/fhir';
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
export interface TaskRowShape {
  idPrefix: string;
  ownerSql: string;
  statusSql: string;
  spreadSeconds: number;
  /** How long ago row `g` last changed, in seconds (`age_seconds` in the other expressions); `g % spreadSeconds` when absent. */
  ageSecondsSql?: string;
  /** The handing-over unit (`Organization/<id>`); the synthetic bench unit when absent. */
  requesterSql?: string;
  /** A task category code (urn:bro:task-category) kept in businessStatus, as hand-overs carry one; none when absent. */
  categorySql?: string;
  /**
   * Also write what Bro's write path leaves behind a status: the transitions to accepted, completed
   * and rejected (what the board's times and contested counts come from), and a contested task's
   * reason and resolution.
   */
  lifecycle?: boolean;
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
    sp_status, sp_code, sp_business_status, sp_priority, sp_authored_on_start, sp_authored_on_end, sp_due_start, sp_due_end)
  SELECT id, 1, last_updated,
    jsonb_build_object(
      'resourceType', 'Task', 'id', id,
      'meta', jsonb_build_object('versionId', '1', 'lastUpdated', to_char(last_updated AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
      'identifier', jsonb_build_array(jsonb_build_object('system', 'urn:bro:bench:task', 'value', id)),
      'status', status, 'intent', 'order', 'priority', priority,
      'code', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', 'http://hl7.org/fhir/CodeSystem/task-code', 'code', 'fulfill'))),
      'for', jsonb_build_object('reference', subject),
      'owner', jsonb_build_object('reference', owner),
      'requester', jsonb_build_object('reference', requester),
      'authoredOn', to_char(authored AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      'restriction', jsonb_build_object('period', jsonb_build_object('end', to_char(due, 'YYYY-MM-DD')))
    )
    || CASE WHEN category IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('businessStatus', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', '${TASK_CATEGORY_SYSTEM}', 'code', category)))) END
    || CASE WHEN ${shape.lifecycle ? 'true' : 'false'} AND status = 'rejected'
            THEN jsonb_build_object(
              'statusReason', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', '${CONTEST_REASON_SYSTEM}', 'code', (${sqlTextArray(CONTEST_REASON_CODES)})[1 + g % ${CONTEST_REASON_CODES.length}]))),
              'extension', jsonb_build_array(jsonb_build_object('url', '${CONTEST_RESOLUTION_EXTENSION}',
                'valueCode', CASE WHEN last_updated > now() - interval '14 days' THEN 'awaiting-hospital' ELSE 'taken-back' END)))
            ELSE '{}'::jsonb END,
    ARRAY['sv:urn:bro:bench:task|' || id, 'v:' || id, 's:urn:bro:bench:task'],
    subject, owner, requester, status,
    ARRAY['sv:http://hl7.org/fhir/CodeSystem/task-code|fulfill', 'v:fulfill', 's:http://hl7.org/fhir/CodeSystem/task-code'],
    CASE WHEN category IS NULL THEN NULL ELSE ARRAY['sv:${TASK_CATEGORY_SYSTEM}|' || category, 'v:' || category, 's:${TASK_CATEGORY_SYSTEM}'] END,
    priority, authored, authored + interval '1 second', '-infinity', (due + 1)::timestamp AT TIME ZONE 'UTC'
  FROM (
    SELECT g, '${shape.idPrefix}' || g AS id,
      now() - (age_seconds || ' seconds')::interval AS last_updated,
      date_trunc('second', now() - (age_seconds || ' seconds')::interval - interval '1 hour') AS authored,
      (now() - (age_seconds || ' seconds')::interval)::date + 14 AS due,
      'Patient/bench-patient-' || (g % ${BENCH_PATIENTS}) AS subject,
      ${shape.ownerSql} AS owner,
      ${shape.requesterSql ?? "'Organization/bench-unit'"} AS requester,
      ${shape.categorySql ?? 'NULL::text'} AS category,
      ${shape.statusSql} AS status,
      CASE WHEN g % 25 = 0 THEN 'urgent' ELSE 'routine' END AS priority
    FROM (SELECT g, ${shape.ageSecondsSql ?? `g % ${shape.spreadSeconds}`} AS age_seconds FROM generate_series($1::int, $2::int) g) numbered
  ) generated`;
}

/** A SQL text array literal of fixed values (references and codes: no user input). */
function sqlTextArray(values: readonly string[]): string {
  return `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]::text[]`;
}

/**
 * The rows of {@link taskRowsSql} and, in the same statement, the status transitions Bro's write path
 * logs for them (the board takes when a task was accepted, completed or contested from these): accepted
 * 1–72 hours after the hand-over, completed 1–20 days after that, contested 1–48 hours after it.
 */
function taskRowsWithLifecycleSql(shape: TaskRowShape): string {
  return `
  WITH inserted AS (${taskRowsSql(shape)}
    RETURNING id, sp_status AS status, sp_authored_on_start AS authored, (hashtext(id) & 2147483647) AS h
  )
  INSERT INTO task_status_transition (task_id, version_id, from_status, to_status, reason_code, occurred_at)
  SELECT id, version_id, from_status, to_status, reason_code, LEAST(now(), occurred_at)
    FROM inserted i
   CROSS JOIN LATERAL (VALUES
     (2, 'requested', 'accepted', NULL, i.authored + make_interval(hours => 1 + i.h % 72), i.status IN ('accepted', 'in-progress', 'completed')),
     (3, 'accepted', 'completed', NULL, i.authored + make_interval(hours => 1 + i.h % 72, days => 1 + i.h % 20), i.status = 'completed'),
     (2, 'requested', 'rejected', (${sqlTextArray(CONTEST_REASON_CODES)})[1 + i.h % ${CONTEST_REASON_CODES.length}], i.authored + make_interval(hours => 1 + i.h % 48), i.status = 'rejected')
   ) AS t(version_id, from_status, to_status, reason_code, occurred_at, applies)
   WHERE t.applies`;
}

/** Projects rows `first..last` of a prefix into task_load, as every Task write does in its transaction. */
async function projectTaskLoad(db: Client, idPrefix: string, first: number, last: number): Promise<void> {
  await db.query(`SELECT refresh_task_load(ARRAY(SELECT $3::text || g FROM generate_series($1::int, $2::int) g))`, [first, last, idPrefix]);
}

/**
 * Bench databases loaded before task_load existed (or whose projection is behind) get their synthetic
 * rows projected once; refresh_task_load is an upsert, so projecting a row twice changes nothing.
 */
async function ensureProjected(db: Client, idPrefix: string, loaded: number): Promise<void> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM task_load WHERE task_id LIKE $1`, [`${idPrefix}%`]);
  if (Number(rows[0].n) >= loaded) return;
  log(`projecting ${loaded.toLocaleString('en')} loaded Tasks into task_load (${Number(rows[0].n).toLocaleString('en')} there)`);
  const started = Date.now();
  for (let from = 1; from <= loaded; from += CHUNK) {
    const to = Math.min(loaded, from + CHUNK - 1);
    await projectTaskLoad(db, idPrefix, from, to);
    log(`  task_load ${to.toLocaleString('en')}/${loaded.toLocaleString('en')} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  await db.query('ANALYZE task_load');
}

/** What a Bergen directory gives synthetic Tasks to look like: its GPs as owners, its hospital units as requesters. */
export interface DirectoryTaskParties {
  gpRoles: string[];
  hospitalUnits: string[];
}

/**
 * `tasks` Tasks shaped like a year of Bergen's hand-overs, for the board: owned by the directory's GPs
 * (so they count on their offices' boards), handed over by its hospitals' units, with a category. Row
 * `g` is `(tasks - g) / tasks` of a year old, so rows lie in the table in the order they were handed
 * over, as they would after a year of use. Most of the last two weeks' tasks are open; older ones
 * mostly closed, a few forgotten; contested ones carry a reason, and the recent ones still await the
 * hospital.
 */
export function directoryTaskShape(parties: DirectoryTaskParties, tasks: number): TaskRowShape {
  if (!parties.gpRoles.length || !parties.hospitalUnits.length) throw new Error('the directory has no GPs or no hospital units to shape tasks with');
  const year = 365 * 86_400;
  const h = '((g::bigint * 7919) % 100)';
  return {
    idPrefix: 'bench-task-',
    spreadSeconds: year,
    ageSecondsSql: `GREATEST(0, ((${tasks} - g::bigint) * ${year}) / ${tasks})`,
    ownerSql: `(${sqlTextArray(parties.gpRoles)})[1 + (g::bigint * 31) % ${parties.gpRoles.length}]`,
    requesterSql: `(${sqlTextArray(parties.hospitalUnits)})[1 + (g::bigint * 17) % ${parties.hospitalUnits.length}]`,
    categorySql: `(${sqlTextArray(TASK_CATEGORY_CODES)})[1 + (g::bigint * 13) % ${TASK_CATEGORY_CODES.length}]`,
    statusSql: `CASE
      WHEN age_seconds < 14 * 86400 THEN CASE WHEN ${h} < 25 THEN 'requested' WHEN ${h} < 45 THEN 'accepted' WHEN ${h} < 60 THEN 'in-progress'
                                             WHEN ${h} < 85 THEN 'completed' WHEN ${h} < 92 THEN 'rejected' ELSE 'cancelled' END
      WHEN age_seconds < 60 * 86400 THEN CASE WHEN ${h} < 4 THEN 'requested' WHEN ${h} < 8 THEN 'accepted' WHEN ${h} < 12 THEN 'in-progress'
                                             WHEN ${h} < 88 THEN 'completed' WHEN ${h} < 95 THEN 'rejected' ELSE 'cancelled' END
      ELSE CASE WHEN ${h} < 1 THEN 'in-progress' WHEN ${h} < 90 THEN 'completed' WHEN ${h} < 95 THEN 'rejected' ELSE 'cancelled' END END`,
    lifecycle: true,
  };
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
 * Makes sure `wanted` synthetic Tasks are loaded (by default owned by the synthetic bench GPs; `shape`
 * says otherwise) and projected into task_load, and with `gp`, that exactly that GP's open and closed
 * Tasks are there besides them (the inbox benchmark's GP). Rows go straight into the tables, so each
 * loaded chunk is projected with refresh_task_load, as the write path does in every Task's transaction.
 */
export async function ensureTasks(databaseUrl: string, wanted: number, gp?: GpTasks, shape: TaskRowShape = BENCH_TASKS): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await loadDirectory(db);
    if (gp) await ensureGpTasks(db, gp);
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM fhir_task WHERE id LIKE $1`, [`${shape.idPrefix}%`]);
    const have = Number(rows[0].n);
    if (have >= wanted) {
      log(`${have.toLocaleString('en')} synthetic Tasks already loaded`);
      await ensureProjected(db, shape.idPrefix, have);
      return have;
    }
    await ensureProjected(db, shape.idPrefix, have);
    const indexes = expectedIndexes().filter((index) => index.table === 'fhir_task');
    log(`loading ${(wanted - have).toLocaleString('en')} Tasks (indexes dropped during the load, rebuilt after), each chunk projected into task_load`);
    for (const index of indexes) await db.query(`DROP INDEX IF EXISTS "${index.name}"`);
    const started = Date.now();
    const rowsSql = shape.lifecycle ? taskRowsWithLifecycleSql(shape) : taskRowsSql(shape);
    for (let from = have + 1; from <= wanted; from += CHUNK) {
      const to = Math.min(wanted, from + CHUNK - 1);
      await db.query(rowsSql, [from, to]);
      await projectTaskLoad(db, shape.idPrefix, from, to);
      log(`  Tasks ${to.toLocaleString('en')}/${wanted.toLocaleString('en')} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    for (const index of indexes) {
      log(`  index ${index.name}`);
      await db.query(index.sql);
    }
    // A year of rows is settled in production: autovacuum has long set their pages all-visible, so
    // index-only scans (the board's open-task pass) need no table reads. Freshly loaded rows have not.
    log('vacuuming and analysing the loaded tables');
    await db.query('VACUUM (ANALYZE) fhir_task, task_load, task_status_transition');
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
  if (Number(rows[0].n) === gp.open + gp.closed && Number(rows[0].open) === gp.open) {
    await ensureProjected(db, GP_TASK_PREFIX, gp.open + gp.closed);
    return;
  }
  log(`loading ${gp.open} open and ${gp.closed} closed Tasks for ${gp.owner}`);
  await db.query(`DELETE FROM fhir_task WHERE id LIKE '${GP_TASK_PREFIX}%'`);
  await db.query(`DELETE FROM task_load WHERE task_id LIKE '${GP_TASK_PREFIX}%'`);
  const shape: TaskRowShape = {
    idPrefix: GP_TASK_PREFIX,
    ownerSql: `'${gp.owner.replace(/'/g, "''")}'`,
    statusSql: `CASE WHEN g <= ${gp.open} THEN (ARRAY['requested', 'accepted', 'in-progress'])[1 + g % 3]
                     ELSE (ARRAY['completed', 'completed', 'completed', 'rejected', 'cancelled'])[1 + g % 5] END`,
    spreadSeconds: 14 * 86_400,
  };
  await db.query(taskRowsSql(shape), [1, gp.open + gp.closed]);
  await projectTaskLoad(db, GP_TASK_PREFIX, 1, gp.open + gp.closed);
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
