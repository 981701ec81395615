import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * e-multidose episodes (frozen when written): `EpisodeOfCare` stored and searchable as the search-parameter
 * declarations wanted it then; at most one open multidose episode per patient (PostgreSQL refuses a second,
 * whatever the path); Task.focus may name an episode (a multidose update Task is about one).
 */
const NEW_TABLE = `CREATE TABLE "fhir_episode_of_care" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_patient" text,
  "sp_status" text,
  "sp_type" text[],
  "sp_care_manager" text,
  "sp_organization" text,
  "sp_date_start" timestamptz,
  "sp_date_end" timestamptz,
  "sp_multidose_state" text,
  "sp_pharmacy" text
)`;

const NEW_INDEXES = [
  `CREATE INDEX "fhir_episode_of_care_last_updated_idx" ON "fhir_episode_of_care" ("last_updated", "id")`,
  `CREATE INDEX "fhir_episode_of_care_sp_identifier_idx" ON "fhir_episode_of_care" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_episode_of_care_sp_patient_idx" ON "fhir_episode_of_care" ("sp_patient")`,
  `CREATE INDEX "fhir_episode_of_care_sp_status_idx" ON "fhir_episode_of_care" ("sp_status")`,
  `CREATE INDEX "fhir_episode_of_care_sp_type_idx" ON "fhir_episode_of_care" USING gin ("sp_type")`,
  `CREATE INDEX "fhir_episode_of_care_sp_care_manager_idx" ON "fhir_episode_of_care" ("sp_care_manager")`,
  `CREATE INDEX "fhir_episode_of_care_sp_organization_idx" ON "fhir_episode_of_care" ("sp_organization")`,
  `CREATE INDEX "fhir_episode_of_care_sp_date_idx" ON "fhir_episode_of_care" ("sp_date_start", "sp_date_end")`,
  `CREATE INDEX "fhir_episode_of_care_sp_multidose_state_idx" ON "fhir_episode_of_care" ("sp_multidose_state")`,
  `CREATE INDEX "fhir_episode_of_care_sp_pharmacy_idx" ON "fhir_episode_of_care" ("sp_pharmacy")`,
];

export class MultidoseEpisodes1765800000000 implements MigrationInterface {
  name = 'MultidoseEpisodes1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(NEW_TABLE);
    for (const statement of NEW_INDEXES) await queryRunner.query(statement);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "fhir_episode_of_care_one_open_multidose_idx" ON "fhir_episode_of_care" ("sp_patient")
        WHERE "sp_type" @> ARRAY['sv:urn:bro:episode-type|multidose'] AND "sp_multidose_state" IS DISTINCT FROM 'ended'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "fhir_history" WHERE "resource_type" = 'EpisodeOfCare'`);
    await queryRunner.query(`DROP TABLE "fhir_episode_of_care"`);
  }
}
