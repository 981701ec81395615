import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revolving-door patients (frozen when written): `Flag` stored and searchable as the search-parameter
 * declarations wanted it then; at most one revolving-door Flag per readmission (PostgreSQL refuses a second,
 * whatever the path, so two writes of the same admission cannot both flag it); and the board's projection,
 * `revolving_door_stay`: one row per discharge that can be an index stay (an inpatient stay of a patient 67 or
 * more on the discharge day), with the acute readmission that followed it, kept by the Encounter write rule in
 * the write's transaction.
 */
const NEW_TABLE = `CREATE TABLE "fhir_flag" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_subject" text,
  "sp_code" text[],
  "sp_date_start" timestamptz,
  "sp_date_end" timestamptz,
  "sp_encounter" text,
  "sp_status" text
)`;

const NEW_INDEXES = [
  `CREATE INDEX "fhir_flag_last_updated_idx" ON "fhir_flag" ("last_updated", "id")`,
  `CREATE INDEX "fhir_flag_sp_identifier_idx" ON "fhir_flag" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_flag_sp_subject_idx" ON "fhir_flag" ("sp_subject")`,
  `CREATE INDEX "fhir_flag_sp_code_idx" ON "fhir_flag" USING gin ("sp_code")`,
  `CREATE INDEX "fhir_flag_sp_date_idx" ON "fhir_flag" ("sp_date_start", "sp_date_end")`,
  `CREATE INDEX "fhir_flag_sp_encounter_idx" ON "fhir_flag" ("sp_encounter")`,
  `CREATE INDEX "fhir_flag_sp_status_idx" ON "fhir_flag" ("sp_status")`,
];

const PROJECTION = `CREATE TABLE "revolving_door_stay" (
  "encounter_id" text PRIMARY KEY,
  "patient" text NOT NULL,
  "unit" text,
  "hospital" text,
  "office" text,
  "discharged_at" timestamptz NOT NULL,
  "readmission_id" text,
  "readmitted_at" timestamptz,
  "flag_id" text
)`;

export class RevolvingDoor1765900000100 implements MigrationInterface {
  name = 'RevolvingDoor1765900000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(NEW_TABLE);
    for (const statement of NEW_INDEXES) await queryRunner.query(statement);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "fhir_flag_one_revolving_door_idx" ON "fhir_flag" ("sp_encounter") WHERE "sp_code" @> ARRAY['sv:urn:bro:flag|revolving-door']`,
    );
    await queryRunner.query(PROJECTION);
    await queryRunner.query(`CREATE INDEX "revolving_door_stay_discharged_idx" ON "revolving_door_stay" ("discharged_at")`);
    await queryRunner.query(`CREATE INDEX "revolving_door_stay_readmission_idx" ON "revolving_door_stay" ("readmission_id")`);
    // The check reads and rewrites one patient's rows in every Encounter write of a patient 67 or more.
    await queryRunner.query(`CREATE INDEX "revolving_door_stay_patient_idx" ON "revolving_door_stay" ("patient")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "revolving_door_stay"`);
    await queryRunner.query(`DELETE FROM "fhir_history" WHERE "resource_type" = 'Flag'`);
    await queryRunner.query(`DROP TABLE "fhir_flag"`);
  }
}
