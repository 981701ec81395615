import { MigrationInterface, QueryRunner } from 'typeorm';
import { FIRST_REFRESH_TASK_LOAD } from './1764000000000-task-load';

/**
 * The task-load projection refreshed in every Task write's transaction, cheaper: PL/pgSQL, so each
 * session plans its statements once instead of on every call (a SQL function is planned anew each time:
 * about 1.2 ms of a hand-over's PostgreSQL time), and the owner's and requester's PractitionerRole and the
 * unit's Organization found by primary key instead of by a join on a built reference (a scan of each
 * table per call). Same rows as before.
 */
export class TaskLoadRefreshByKey1765400000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION refresh_task_load(task_ids text[]) RETURNS void LANGUAGE plpgsql AS $fn$
    BEGIN
      DELETE FROM task_load l WHERE l.task_id = ANY(task_ids) AND NOT EXISTS (SELECT 1 FROM fhir_task t WHERE t.id = l.task_id);
      WITH projected AS (
      INSERT INTO task_load (task_id, patient, category, priority, status, owner, gp_role, gp_office, hospital_unit, hospital,
                             transferred_at, due_on, accepted_at, completed_at, contested_at, contest_reason, contest_resolution, updated_at)
      SELECT t.id,
             t.sp_subject,
             (SELECT c->>'code' FROM jsonb_array_elements(COALESCE(t.resource->'businessStatus'->'coding', '[]'::jsonb)) c
               WHERE c->>'system' = 'urn:bro:task-category' LIMIT 1),
             COALESCE(t.sp_priority, 'routine'),
             t.sp_status,
             t.sp_owner,
             CASE WHEN t.sp_owner LIKE 'PractitionerRole/%' THEN t.sp_owner END,
             CASE WHEN t.sp_owner LIKE 'PractitionerRole/%' THEN owner_role.sp_organization
                  WHEN t.sp_owner LIKE 'Organization/%' THEN t.sp_owner END,
             unit.ref,
             COALESCE(unit_org.sp_partof, unit.ref),
             COALESCE(t.sp_authored_on_start, now()),
             left(t.resource->'restriction'->'period'->>'end', 10)::date,
             times.accepted_at,
             times.completed_at,
             times.contested_at,
             (SELECT c->>'code' FROM jsonb_array_elements(COALESCE(t.resource->'statusReason'->'coding', '[]'::jsonb)) c
               WHERE c->>'system' = 'urn:bro:contest-reason' LIMIT 1),
             (SELECT e->>'valueCode' FROM jsonb_array_elements(COALESCE(t.resource->'extension', '[]'::jsonb)) e
               WHERE e->>'url' = 'urn:bro:extension:contest-resolution' LIMIT 1),
             now()
        FROM fhir_task t
        LEFT JOIN fhir_practitioner_role owner_role ON t.sp_owner LIKE 'PractitionerRole/%' AND owner_role.id = substr(t.sp_owner, 18)
        LEFT JOIN fhir_practitioner_role requester_role ON t.sp_requester LIKE 'PractitionerRole/%' AND requester_role.id = substr(t.sp_requester, 18)
        CROSS JOIN LATERAL (SELECT CASE WHEN t.sp_requester LIKE 'Organization/%' THEN t.sp_requester ELSE requester_role.sp_organization END AS ref) unit
        LEFT JOIN fhir_organization unit_org ON unit.ref LIKE 'Organization/%' AND unit_org.id = substr(unit.ref, 14)
        CROSS JOIN LATERAL (
          SELECT min(s.occurred_at) FILTER (WHERE s.to_status = 'accepted') AS accepted_at,
                 min(s.occurred_at) FILTER (WHERE s.to_status = 'completed') AS completed_at,
                 max(s.occurred_at) FILTER (WHERE s.to_status = 'rejected') AS contested_at
            FROM task_status_transition s WHERE s.task_id = t.id) times
       WHERE t.id = ANY(task_ids)
      ON CONFLICT (task_id) DO UPDATE SET
        patient = EXCLUDED.patient, category = EXCLUDED.category, priority = EXCLUDED.priority, status = EXCLUDED.status,
        owner = EXCLUDED.owner, gp_role = EXCLUDED.gp_role, gp_office = EXCLUDED.gp_office,
        hospital_unit = EXCLUDED.hospital_unit, hospital = EXCLUDED.hospital,
        transferred_at = task_load.transferred_at, due_on = EXCLUDED.due_on,
        accepted_at = EXCLUDED.accepted_at, completed_at = EXCLUDED.completed_at, contested_at = EXCLUDED.contested_at,
        contest_reason = EXCLUDED.contest_reason, contest_resolution = EXCLUDED.contest_resolution, updated_at = EXCLUDED.updated_at
      RETURNING patient, (xmax = 0) AS inserted
      )
      -- Counted up for new tasks only, under the row lock, so concurrent hand-overs for one patient add up.
      -- A task deleted or moved to another patient is not counted down: the bound only grows more careful.
      INSERT INTO task_load_patient (patient, tasks)
      SELECT patient, count(*) FROM projected WHERE inserted AND patient IS NOT NULL GROUP BY patient ORDER BY patient
      ON CONFLICT (patient) DO UPDATE SET tasks = task_load_patient.tasks + EXCLUDED.tasks;
    END
    $fn$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION refresh_task_load(text[])`);
    await queryRunner.query(FIRST_REFRESH_TASK_LOAD);
  }
}
