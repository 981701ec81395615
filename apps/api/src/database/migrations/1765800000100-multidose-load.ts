import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The multidose panel's figures from indexes alone (frozen when written). The board counts open multidose
 * episodes by office, state, mode and the old-list flag on every frame: the mode and the flag live in the
 * resource's extensions, so two generated columns keep them beside the searchable columns (PostgreSQL
 * recomputes them on every write, whatever the path), and one partial index over the open episodes holds
 * everything the count reads (an index-only scan). The open update Tasks, the few the pending figure joins,
 * get a partial index of their own, so the figure never walks the closed ones.
 */
export class MultidoseLoad1765800000100 implements MigrationInterface {
  name = 'MultidoseLoad1765800000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "fhir_episode_of_care" ADD COLUMN "multidose_mode" text
         GENERATED ALWAYS AS (jsonb_path_query_first("resource", '$.extension[*] ? (@.url == "urn:bro:extension:multidose-mode").valueCode') #>> '{}') STORED`,
    );
    await queryRunner.query(
      `ALTER TABLE "fhir_episode_of_care" ADD COLUMN "packed_old_list" boolean
         GENERATED ALWAYS AS (jsonb_path_exists("resource", '$.extension[*] ? (@.url == "urn:bro:extension:packed-old-list")')) STORED`,
    );
    await queryRunner.query(
      `CREATE INDEX "fhir_episode_of_care_open_multidose_idx" ON "fhir_episode_of_care" ("sp_organization", "sp_multidose_state", "multidose_mode", "packed_old_list", "id")
        WHERE "sp_type" @> ARRAY['sv:urn:bro:episode-type|multidose'] AND "sp_multidose_state" IS DISTINCT FROM 'ended'`,
    );
    await queryRunner.query(
      `CREATE INDEX "fhir_task_open_multidose_update_idx" ON "fhir_task" ("sp_focus")
        WHERE "sp_code" @> ARRAY['sv:urn:bro:task-kind|multidose-update'] AND "sp_status" IN ('requested', 'accepted')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "fhir_task_open_multidose_update_idx"`);
    await queryRunner.query(`DROP INDEX "fhir_episode_of_care_open_multidose_idx"`);
    await queryRunner.query(`ALTER TABLE "fhir_episode_of_care" DROP COLUMN "packed_old_list"`);
    await queryRunner.query(`ALTER TABLE "fhir_episode_of_care" DROP COLUMN "multidose_mode"`);
  }
}
