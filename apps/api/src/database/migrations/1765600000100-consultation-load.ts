import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `consultation_load`: one narrow row per joint discharge consultation, what the board and the quality
 * dashboard count (proposed, booked, held, declined or cancelled per week and hospital unit; which
 * discharges and hand-over Tasks had one). Kept in step by `refresh_consultation_load`, called in every
 * Appointment write's transaction, so a committed change counts at once and a rolled-back one never.
 */
export class ConsultationLoad1765600000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "consultation_load" (
      "appointment_id" text PRIMARY KEY,
      "patient" text,
      "status" text NOT NULL,
      "declined" boolean NOT NULL DEFAULT false,
      "hospital_unit" text,
      "hospital" text,
      "gp_office" text,
      "proposed_at" timestamptz NOT NULL,
      "start" timestamptz,
      "encounter" text,
      "tasks" text[] NOT NULL DEFAULT '{}',
      "updated_at" timestamptz NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX "consultation_load_proposed_idx" ON "consultation_load" ("proposed_at")`);
    await queryRunner.query(`CREATE INDEX "consultation_load_encounter_idx" ON "consultation_load" ("encounter")`);
    await queryRunner.query(`CREATE INDEX "consultation_load_tasks_idx" ON "consultation_load" USING gin ("tasks")`);
    // The unit is the planning unit; a hospital is what the unit is part of. The GP's office is their role's
    // organisation (or the office itself taking part). A required participant's decline counts as declined.
    await queryRunner.query(`CREATE FUNCTION refresh_consultation_load(appointment_ids text[]) RETURNS void LANGUAGE plpgsql AS $fn$
    BEGIN
      DELETE FROM consultation_load l WHERE l.appointment_id = ANY(appointment_ids) AND NOT EXISTS (
        SELECT 1 FROM fhir_appointment a WHERE a.id = l.appointment_id
           AND a.sp_service_type @> ARRAY['sv:urn:bro:consultation-service-type|joint-discharge-consultation']);
      INSERT INTO consultation_load (appointment_id, patient, status, declined, hospital_unit, hospital, gp_office, proposed_at, start, encounter, tasks, updated_at)
      SELECT a.id,
             (SELECT r FROM unnest(a.sp_actor) r WHERE r LIKE 'Patient/%' LIMIT 1),
             COALESCE(a.sp_status, 'proposed'),
             EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(a.resource->'participant', '[]'::jsonb)) p
                      WHERE p->>'status' = 'declined' AND COALESCE(p->>'required', 'required') = 'required'),
             a.sp_planning_unit,
             COALESCE(unit.sp_partof, a.sp_planning_unit),
             COALESCE(gp.sp_organization, (SELECT r FROM unnest(a.sp_actor) r WHERE r LIKE 'Organization/%' AND r IS DISTINCT FROM a.sp_planning_unit LIMIT 1)),
             a.last_updated,
             a.sp_date_start,
             (SELECT r FROM unnest(COALESCE(a.sp_supporting_info, '{}') || COALESCE(a.sp_based_on, '{}')) r WHERE r LIKE 'Encounter/%' LIMIT 1),
             ARRAY(SELECT DISTINCT substr(r, 6) FROM unnest(COALESCE(a.sp_supporting_info, '{}') || COALESCE(a.sp_based_on, '{}')) r WHERE r LIKE 'Task/%'),
             now()
        FROM fhir_appointment a
        LEFT JOIN fhir_organization unit ON a.sp_planning_unit LIKE 'Organization/%' AND unit.id = substr(a.sp_planning_unit, 14)
        LEFT JOIN LATERAL (
          SELECT role.sp_organization FROM jsonb_array_elements(COALESCE(a.resource->'participant', '[]'::jsonb)) p
            JOIN fhir_practitioner_role role ON p->'actor'->>'reference' = 'PractitionerRole/' || role.id
           WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(p->'type', '[]'::jsonb)) t, jsonb_array_elements(COALESCE(t->'coding', '[]'::jsonb)) c
                          WHERE c->>'system' = 'urn:bro:consultation-role' AND c->>'code' = 'gp')
           LIMIT 1) gp ON TRUE
       WHERE a.id = ANY(appointment_ids)
         AND a.sp_service_type @> ARRAY['sv:urn:bro:consultation-service-type|joint-discharge-consultation']
      ON CONFLICT (appointment_id) DO UPDATE SET
        patient = EXCLUDED.patient, status = EXCLUDED.status, declined = EXCLUDED.declined, hospital_unit = EXCLUDED.hospital_unit,
        hospital = EXCLUDED.hospital, gp_office = EXCLUDED.gp_office, proposed_at = consultation_load.proposed_at, start = EXCLUDED.start,
        encounter = EXCLUDED.encounter, tasks = EXCLUDED.tasks, updated_at = EXCLUDED.updated_at;
    END
    $fn$`);
    await queryRunner.query(`SELECT refresh_consultation_load(ARRAY(SELECT id FROM fhir_appointment))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION refresh_consultation_load(text[])`);
    await queryRunner.query(`DROP TABLE "consultation_load"`);
  }
}
