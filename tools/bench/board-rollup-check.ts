/**
 * The board counts from task_load, a projection kept in every Task write's transaction. These checks
 * compute the same answers on the fly from fhir_task (and the directory it points into) and say
 * where the two differ: row by row, and per board as its clients show it.
 */
import { Pool } from 'pg';
import { OPEN_TASK_STATUSES } from '@app/fhir';
import { BoardScope, CountCell, suppressedCount } from '@app/fhir/board/board-metrics';

/**
 * Each Task with the status, patient, GP office and hospital the board should count it under, worked
 * out now: the office is the owner's (an office, or the office of the GP's PractitionerRole), the
 * hospital that of the requesting unit (or of the requesting doctor's unit).
 */
const TASKS_ON_THE_FLY = `
  SELECT t.id, t.sp_status AS status, t.sp_subject AS patient,
         CASE WHEN t.sp_owner LIKE 'PractitionerRole/%' THEN owner_role.sp_organization
              WHEN t.sp_owner LIKE 'Organization/%' THEN t.sp_owner END AS office,
         COALESCE(unit.sp_partof, requesting.unit) AS hospital
    FROM fhir_task t
    LEFT JOIN fhir_practitioner_role owner_role ON t.sp_owner = 'PractitionerRole/' || owner_role.id
    LEFT JOIN fhir_practitioner_role requester_role ON t.sp_requester = 'PractitionerRole/' || requester_role.id
    CROSS JOIN LATERAL (SELECT CASE WHEN t.sp_requester LIKE 'Organization/%' THEN t.sp_requester ELSE requester_role.sp_organization END AS unit) requesting
    LEFT JOIN fhir_organization unit ON requesting.unit = 'Organization/' || unit.id`;

export interface RowComparison {
  tasks: number;
  projected: number;
  /** Tasks without a task_load row. */
  missing: number;
  /** task_load rows without a Task. */
  extra: number;
  /** Rows whose status, patient, office or hospital differ from the Task's. */
  differing: number;
  millis: number;
}

/** Every task_load row against its Task, in one pass over both tables. */
export async function compareRows(databaseUrl: string): Promise<RowComparison> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const started = performance.now();
    const { rows } = await pool.query<Record<string, string>>(
      `WITH fly AS (${TASKS_ON_THE_FLY})
       SELECT count(f.id) AS tasks, count(l.task_id) AS projected,
              count(*) FILTER (WHERE l.task_id IS NULL) AS missing, count(*) FILTER (WHERE f.id IS NULL) AS extra,
              count(*) FILTER (WHERE f.id IS NOT NULL AND l.task_id IS NOT NULL
                AND (f.status, f.patient, f.office, f.hospital) IS DISTINCT FROM (l.status, l.patient, l.gp_office, l.hospital)) AS differing
         FROM fly f FULL JOIN task_load l ON l.task_id = f.id`,
    );
    const row = rows[0];
    return {
      tasks: Number(row.tasks),
      projected: Number(row.projected),
      missing: Number(row.missing),
      extra: Number(row.extra),
      differing: Number(row.differing),
      millis: performance.now() - started,
    };
  } finally {
    await pool.end();
  }
}

/** Open tasks per board scope as a board should show them ("<5" for 1–4 patients), counted on the fly from fhir_task. */
export async function openPerScopeOnTheFly(databaseUrl: string): Promise<Map<BoardScope, CountCell>> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ scope: BoardScope; tasks: string; patients: string }>(
      `WITH fly AS (${TASKS_ON_THE_FLY} WHERE t.sp_status = ANY($1::text[]))
       SELECT s.scope, count(*) AS tasks, count(DISTINCT f.patient) AS patients
         FROM fly f CROSS JOIN LATERAL (VALUES ('municipality'), ('hospital:' || f.hospital), ('office:' || f.office)) AS s(scope)
        WHERE s.scope IS NOT NULL
        GROUP BY s.scope`,
      [OPEN_TASK_STATUSES],
    );
    return new Map(rows.map((row) => [row.scope, suppressedCount(Number(row.tasks), Number(row.patients))]));
  } finally {
    await pool.end();
  }
}
