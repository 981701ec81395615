import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projection's first function, as this migration created it (and as the one that replaced it,
 * 1765400000000, puts back when it is undone).
 */
export const FIRST_REFRESH_TASK_LOAD = `CREATE FUNCTION refresh_task_load(task_ids text[]) RETURNS void LANGUAGE sql AS $fn$
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
        LEFT JOIN fhir_practitioner_role owner_role ON t.sp_owner = 'PractitionerRole/' || owner_role.id
        LEFT JOIN fhir_practitioner_role requester_role ON t.sp_requester = 'PractitionerRole/' || requester_role.id
        CROSS JOIN LATERAL (SELECT CASE WHEN t.sp_requester LIKE 'Organization/%' THEN t.sp_requester ELSE requester_role.sp_organization END AS ref) unit
        LEFT JOIN fhir_organization unit_org ON unit.ref = 'Organization/' || unit_org.id
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
      ON CONFLICT (patient) DO UPDATE SET tasks = task_load_patient.tasks + EXCLUDED.tasks
    $fn$`;

/**
 * The board's view of every transferred task: one narrow row per Task with what the board and the
 * quality team count (where it came from, whose it is, when it was handed over, accepted, completed,
 * contested). Kept in the transaction of every Task write by `refresh_task_load`, so the figures are
 * exact at commit and never need a scan of the FHIR store. Backfilled from what is stored.
 */
export class TaskLoad1764000000000 implements MigrationInterface {
  name = 'TaskLoad1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "task_load" (
      "task_id" text PRIMARY KEY,
      "patient" text,
      "category" text,
      "priority" text,
      "status" text NOT NULL,
      "owner" text,
      "gp_role" text,
      "gp_office" text,
      "hospital_unit" text,
      "hospital" text,
      "transferred_at" timestamptz NOT NULL,
      "due_on" date,
      "accepted_at" timestamptz,
      "completed_at" timestamptz,
      "contested_at" timestamptz,
      "contest_reason" text,
      "contest_resolution" text,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    // Counts "now" by status within a scope; trends by hand-over time within a scope.
    await queryRunner.query(`CREATE INDEX "task_load_status_idx" ON "task_load" ("status", "due_on")`);
    await queryRunner.query(`CREATE INDEX "task_load_office_status_idx" ON "task_load" ("gp_office", "status", "due_on")`);
    await queryRunner.query(`CREATE INDEX "task_load_hospital_status_idx" ON "task_load" ("hospital", "status", "due_on")`);
    // The board's "now" pass reads only open and awaiting-hospital tasks: from this index alone, never the table.
    // Its condition is spelled as the query spells it, so the planner can prove the index serves it.
    await queryRunner.query(`CREATE INDEX "task_load_open_idx" ON "task_load" ("status")
      INCLUDE ("category", "gp_office", "hospital", "due_on", "owner", "transferred_at", "contest_resolution", "patient")
      WHERE "status" = ANY('{requested,received,accepted,in-progress,on-hold}'::text[])
         OR ("status" = 'rejected' AND "contest_resolution" = 'awaiting-hospital')`);
    await queryRunner.query(`CREATE INDEX "task_load_transferred_idx" ON "task_load" ("transferred_at")`);
    await queryRunner.query(`CREATE INDEX "task_load_office_transferred_idx" ON "task_load" ("gp_office", "transferred_at")`);
    await queryRunner.query(`CREATE INDEX "task_load_hospital_transferred_idx" ON "task_load" ("hospital", "transferred_at")`);
    await queryRunner.query(`CREATE INDEX "task_load_unit_transferred_idx" ON "task_load" ("hospital_unit", "transferred_at")`);
    await queryRunner.query(`CREATE INDEX "task_load_category_transferred_idx" ON "task_load" ("category", "transferred_at")`);
    // How many tasks each patient has: the most any one has bounds how few patients a large count can be
    // about, so the board counts distinct patients (for "<5") only in cells small enough to need it.
    await queryRunner.query(`CREATE TABLE "task_load_patient" ("patient" text PRIMARY KEY, "tasks" integer NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "task_load_patient_tasks_idx" ON "task_load_patient" ("tasks")`);

    // Times come from the transition log (written earlier in the same transaction), so a task
    // re-projected later keeps when it was accepted rather than when it was last looked at.
    await queryRunner.query(FIRST_REFRESH_TASK_LOAD);

    await queryRunner.query(`SELECT refresh_task_load(ARRAY(SELECT id FROM fhir_task))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION refresh_task_load(text[])`);
    await queryRunner.query(`DROP TABLE "task_load_patient"`);
    await queryRunner.query(`DROP TABLE "task_load"`);
  }
}
